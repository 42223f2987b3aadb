'use client';

import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useId, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { formatByteCount, formatBytes } from '@stowage/domain';
import { Badge } from '../../components/ui/badge';
import { classNames } from '../../components/ui/class-names';
import { ChevronIcon, ContainerIcon, DownloadIcon, FileIcon, FolderIcon } from './artifact-icons';
import { archiveHref, type JobRef } from './artifact-links';
import { previewKindFor } from './artifact-preview-kind';
import type { TreeNode, VisibleRow } from './artifact-tree';
import { treeKeyAction } from './artifact-tree-keys';
import type { ArtifactView } from './artifact-view';

const ROW_HEIGHT = 32;
const INDENT = 16;

export type SelectVia = 'pointer' | 'keyboard';

interface ArtifactTreeViewProps {
  rows: VisibleRow<ArtifactView>[];
  label: string;
  job: JobRef;
  selectedId: string | null;
  onToggle: (id: string, open: boolean) => void;
  onSelect: (node: TreeNode<ArtifactView>, via: SelectVia) => void;
}

/**
 * The artifacts as an ARIA tree. Only the rows in view are in the DOM (virtualized), so focus
 * stays on the tree itself and `aria-activedescendant` names the active row, which is always
 * rendered even when scrolled out of view.
 */
export function ArtifactTreeView({ rows, label, job, selectedId, onToggle, onSelect }: ArtifactTreeViewProps) {
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const idBase = useId();
  const rowDomId = (row: VisibleRow<ArtifactView>) => `${idBase}-row-${row.node.serial}`;

  const indexById = useMemo(() => new Map(rows.map((row, index) => [row.node.id, index])), [rows]);
  const activeIndex = rows.length === 0 ? -1 : (indexById.get(activeId ?? '') ?? 0);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex >= 0 && activeIndex < range.count && !indexes.includes(activeIndex)) {
        indexes.push(activeIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeIndex],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index].node.id,
    rangeExtractor,
    // Render the first screenful on the server too, so the tree is not blank before hydration.
    initialRect: { width: 0, height: 20 * ROW_HEIGHT },
  });

  const activate = (row: VisibleRow<ArtifactView>, via: SelectVia) => {
    if (row.node.kind !== 'file') onToggle(row.node.id, !row.expanded);
    onSelect(row.node, via);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action = treeKeyAction(rows, activeIndex, event.key);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'move') {
      setActiveId(rows[action.index].node.id);
      virtualizer.scrollToIndex(action.index, { align: 'auto' });
    } else if (action.type === 'expand') {
      onToggle(action.id, true);
    } else if (action.type === 'collapse') {
      onToggle(action.id, false);
    } else {
      activate(rows[action.index], 'keyboard');
    }
  };

  const onRowClick = (event: MouseEvent, row: VisibleRow<ArtifactView>) => {
    setActiveId(row.node.id);
    // Links inside a row (the file itself, a folder's zip) do what links do; the row stays as it is.
    if ((event.target as HTMLElement).closest('a')) return;
    activate(row, 'pointer');
  };

  const activeRow = activeIndex >= 0 ? rows[activeIndex] : undefined;

  return (
    <div
      ref={setScrollElement}
      role="tree"
      aria-label={label}
      aria-activedescendant={activeRow ? rowDomId(activeRow) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      className="relative h-[min(65vh,42rem)] min-h-72 overflow-auto rounded-md border border-zinc-200 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <div role="presentation" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          return (
            <TreeRow
              key={item.key}
              domId={rowDomId(row)}
              row={row}
              top={item.start}
              job={job}
              active={focused && item.index === activeIndex}
              selected={row.node.id === selectedId}
              onClick={onRowClick}
            />
          );
        })}
      </div>
    </div>
  );
}

interface TreeRowProps {
  domId: string;
  row: VisibleRow<ArtifactView>;
  top: number;
  job: JobRef;
  active: boolean;
  selected: boolean;
  onClick: (event: MouseEvent, row: VisibleRow<ArtifactView>) => void;
}

function TreeRow({ domId, row, top, job, active, selected, onClick }: TreeRowProps) {
  const { node } = row;
  const isFile = node.kind === 'file';
  const previewKind = isFile ? previewKindFor(node.artifact.contentType, node.artifact.path) : undefined;
  return (
    <div
      id={domId}
      role="treeitem"
      aria-level={row.level}
      aria-posinset={row.posInSet}
      aria-setsize={row.setSize}
      aria-expanded={isFile ? undefined : row.expanded}
      aria-selected={selected}
      data-kind={node.kind}
      data-name={node.name}
      data-path={isFile ? node.artifact.path : node.kind === 'folder' ? node.prefix : undefined}
      data-node-index={node.nodeIndex}
      data-artifact-id={isFile ? node.artifact.id : undefined}
      data-preview={previewKind}
      data-state={isFile ? node.artifact.state : undefined}
      onClick={(event) => onClick(event, row)}
      className={classNames(
        'absolute top-0 left-0 flex w-full cursor-default items-center gap-1.5 pr-2 text-sm select-none sm:pr-3',
        selected ? 'bg-indigo-50' : 'hover:bg-zinc-50',
        active && 'outline-2 -outline-offset-2 outline-indigo-500',
      )}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)`, paddingLeft: 6 + (row.level - 1) * INDENT }}
    >
      {isFile ? <FileRowContent node={node} previewKind={previewKind!} /> : <FolderRowContent row={row} job={job} />}
    </div>
  );
}

function FolderRowContent({ row, job }: { row: VisibleRow<ArtifactView>; job: JobRef }) {
  const node = row.node;
  if (node.kind === 'file') return null;
  const isContainer = node.kind === 'container';
  return (
    <>
      <ChevronIcon open={row.expanded} />
      {isContainer ? <ContainerIcon /> : <FolderIcon open={row.expanded} />}
      <span className={classNames('min-w-0 truncate', isContainer ? 'font-semibold text-zinc-900' : 'font-medium text-zinc-800')}>{node.label}</span>
      <span className="hidden shrink-0 text-xs text-zinc-500 sm:inline">
        {node.fileCount.toLocaleString('en-US')} {node.fileCount === 1 ? 'file' : 'files'}
      </span>
      {(node.pendingCount > 0 || node.failedCount > 0) && (
        // On a phone the folder's name matters more; the file rows carry their own state.
        <span className="hidden shrink-0 gap-1 sm:flex">
          {node.pendingCount > 0 && <Badge tone="amber">{node.pendingCount} uploading</Badge>}
          {node.failedCount > 0 && <Badge tone="red">{node.failedCount} failed</Badge>}
        </span>
      )}
      <a
        href={archiveHref(job, { nodeIndex: node.nodeIndex, prefix: node.prefix || undefined })}
        tabIndex={-1}
        aria-label={`Download ${isContainer ? node.label : `folder ${node.prefixLabel}`} as zip`}
        title="Download as zip"
        className="ml-auto inline-flex shrink-0 items-center gap-0.5 rounded px-1 text-xs text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900"
      >
        <DownloadIcon />
        zip
      </a>
      <span className="w-16 shrink-0 text-right text-xs text-zinc-600 tabular-nums sm:w-20" title={formatByteCount(node.totalBytes)}>
        {formatBytes(node.totalBytes)}
      </span>
    </>
  );
}

function FileRowContent({ node, previewKind }: { node: TreeNode<ArtifactView>; previewKind: ReturnType<typeof previewKindFor> }) {
  if (node.kind !== 'file') return null;
  const { artifact } = node;
  const available = artifact.state === 'available';
  return (
    <>
      <span className="size-4 shrink-0" aria-hidden="true" />
      <FileIcon kind={previewKind} coreDump={artifact.coreDump !== null} />
      {available ? (
        <a href={artifact.href} tabIndex={-1} className="min-w-0 truncate text-indigo-700 hover:underline" title={node.pathLabel}>
          {node.label}
        </a>
      ) : (
        <span className="min-w-0 truncate text-zinc-500" title={node.pathLabel}>
          {node.label}
        </span>
      )}
      {artifact.coreDump && <Badge tone="violet">core dump</Badge>}
      {artifact.state === 'pending' && <Badge tone="amber">uploading</Badge>}
      {artifact.state === 'failed' && (
        <Badge tone="red" title={artifact.failureReason ?? undefined}>
          failed
        </Badge>
      )}
      {artifact.state === 'failed' && artifact.failureReason && (
        <span className="hidden min-w-0 truncate text-xs text-red-700 md:inline">{artifact.failureReason}</span>
      )}
      <span className="flex-1" aria-hidden="true" />
      <span className="hidden max-w-48 shrink-0 truncate text-xs text-zinc-500 md:inline">{artifact.contentType ?? ''}</span>
      <span className="w-16 shrink-0 text-right text-xs text-zinc-600 tabular-nums sm:w-20" title={formatByteCount(artifact.size)}>
        {formatBytes(artifact.size)}
      </span>
    </>
  );
}
