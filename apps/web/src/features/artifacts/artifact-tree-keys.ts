import type { TreeArtifact, VisibleRow } from './artifact-tree';

export type TreeKeyAction =
  | { type: 'move'; index: number }
  | { type: 'expand'; id: string }
  | { type: 'collapse'; id: string }
  | { type: 'activate'; index: number };

/** Rows scrolled by Page Up / Page Down. */
export const TREE_PAGE_ROWS = 10;

/**
 * The WAI-ARIA tree view keyboard model (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/):
 * Up/Down move, Right opens a folder or enters it, Left closes it or goes to the parent,
 * Home/End jump, Enter/Space activate. Returns null for keys the tree does not handle.
 */
export function treeKeyAction(rows: readonly VisibleRow<TreeArtifact>[], index: number, key: string): TreeKeyAction | null {
  if (rows.length === 0) return null;
  const last = rows.length - 1;
  const current = Math.min(Math.max(index, 0), last);
  const row = rows[current];
  const isFolder = row.node.kind !== 'file';
  switch (key) {
    case 'ArrowDown':
      return { type: 'move', index: Math.min(current + 1, last) };
    case 'ArrowUp':
      return { type: 'move', index: Math.max(current - 1, 0) };
    case 'PageDown':
      return { type: 'move', index: Math.min(current + TREE_PAGE_ROWS, last) };
    case 'PageUp':
      return { type: 'move', index: Math.max(current - TREE_PAGE_ROWS, 0) };
    case 'Home':
      return { type: 'move', index: 0 };
    case 'End':
      return { type: 'move', index: last };
    case 'ArrowRight':
      if (!isFolder) return null;
      if (!row.expanded) return { type: 'expand', id: row.node.id };
      return rows[current + 1]?.parentIndex === current ? { type: 'move', index: current + 1 } : null;
    case 'ArrowLeft':
      if (isFolder && row.expanded) return { type: 'collapse', id: row.node.id };
      return row.parentIndex >= 0 ? { type: 'move', index: row.parentIndex } : null;
    case 'Enter':
    case ' ':
      return { type: 'activate', index: current };
    default:
      return null;
  }
}
