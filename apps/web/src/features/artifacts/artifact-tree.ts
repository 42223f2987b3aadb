import type { ArtifactDetail } from '@stowage/contracts';
import { displayArtifactPath } from '@stowage/domain';

/** What the tree needs from an artifact; the browser passes richer objects through untouched. */
export type TreeArtifact = Pick<ArtifactDetail, 'id' | 'path' | 'nodeIndex' | 'size' | 'state'>;

interface TreeNodeBase {
  /** Depth-first position, so per-node data (filter matches) fits in a typed array. */
  serial: number;
  id: string;
  /** The real name (a path segment), for sorting and links. */
  name: string;
  /**
   * The name as shown (labels, titles, aria labels): `displayArtifactPath`, so a tab, a newline or a
   * bidirectional override in a name is shown escaped and no name can pass for another.
   */
  label: string;
  nodeIndex: number;
}

export interface FolderNode<A extends TreeArtifact = TreeArtifact> extends TreeNodeBase {
  /** A container is the root folder of one parallel node's artifacts (CircleCI's `node_index`). */
  kind: 'container' | 'folder';
  /** Path prefix of everything inside, with a trailing slash; '' for a container. */
  prefix: string;
  /** `prefix` as shown (see `label`). */
  prefixLabel: string;
  children: TreeNode<A>[];
  fileCount: number;
  totalBytes: number;
  pendingCount: number;
  failedCount: number;
}

export interface FileNode<A extends TreeArtifact = TreeArtifact> extends TreeNodeBase {
  kind: 'file';
  path: string;
  /** `path` as shown (see `label`). */
  pathLabel: string;
  artifact: A;
  /** Lower-cased path, computed once so filtering 10,000 files does no allocation. */
  searchText: string;
}

export type TreeNode<A extends TreeArtifact = TreeArtifact> = FolderNode<A> | FileNode<A>;

export interface ArtifactTree<A extends TreeArtifact = TreeArtifact> {
  containers: FolderNode<A>[];
  /** Every folder and container, for "expand all". */
  folders: FolderNode<A>[];
  nodeCount: number;
  fileCount: number;
  totalBytes: number;
}

export const containerId = (nodeIndex: number) => `node:${nodeIndex}`;
export const folderId = (nodeIndex: number, prefix: string) => `dir:${nodeIndex}:${prefix}`;
export const fileId = (artifactId: string) => `file:${artifactId}`;

// Numeric collation so "shard-2" sorts before "shard-10", as people number test shards and screenshots.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNodes(a: TreeNode<TreeArtifact>, b: TreeNode<TreeArtifact>): number {
  const aIsFile = a.kind === 'file';
  if (aIsFile !== (b.kind === 'file')) return aIsFile ? 1 : -1;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function newFolder<A extends TreeArtifact>(kind: FolderNode['kind'], nodeIndex: number, prefix: string, name: string): FolderNode<A> {
  return {
    kind,
    serial: -1,
    id: kind === 'container' ? containerId(nodeIndex) : folderId(nodeIndex, prefix),
    name,
    label: kind === 'container' ? name : displayArtifactPath(name),
    nodeIndex,
    prefix,
    prefixLabel: displayArtifactPath(prefix),
    children: [],
    fileCount: 0,
    totalBytes: 0,
    pendingCount: 0,
    failedCount: 0,
  };
}

/**
 * Groups artifacts by container, then by the folders of their paths (`a/b/c.txt` → a › b › c.txt).
 * Folders come before files, both in natural order; each folder knows its file count and size.
 */
export function buildArtifactTree<A extends TreeArtifact>(artifacts: readonly A[]): ArtifactTree<A> {
  const containers = new Map<number, FolderNode<A>>();
  const foldersByKey = new Map<string, FolderNode<A>>();
  const folders: FolderNode<A>[] = [];
  let totalBytes = 0;

  for (const artifact of artifacts) {
    let container = containers.get(artifact.nodeIndex);
    if (!container) {
      container = newFolder<A>('container', artifact.nodeIndex, '', `Container ${artifact.nodeIndex}`);
      containers.set(artifact.nodeIndex, container);
      folders.push(container);
    }
    const segments = artifact.path.split('/').filter((segment) => segment !== '');
    const fileName = segments.pop() ?? artifact.path;
    const chain: FolderNode<A>[] = [container];
    let parent = container;
    let prefix = '';
    for (const segment of segments) {
      prefix += `${segment}/`;
      const key = `${artifact.nodeIndex}:${prefix}`;
      let folder = foldersByKey.get(key);
      if (!folder) {
        folder = newFolder<A>('folder', artifact.nodeIndex, prefix, segment);
        foldersByKey.set(key, folder);
        folders.push(folder);
        parent.children.push(folder);
      }
      chain.push(folder);
      parent = folder;
    }
    parent.children.push({
      kind: 'file',
      serial: -1,
      id: fileId(artifact.id),
      name: fileName,
      label: displayArtifactPath(fileName),
      nodeIndex: artifact.nodeIndex,
      path: artifact.path,
      pathLabel: displayArtifactPath(artifact.path),
      artifact,
      searchText: artifact.path.toLowerCase(),
    });
    for (const folder of chain) {
      folder.fileCount += 1;
      folder.totalBytes += artifact.size;
      if (artifact.state === 'pending') folder.pendingCount += 1;
      if (artifact.state === 'failed') folder.failedCount += 1;
    }
    totalBytes += artifact.size;
  }

  const sortedContainers = [...containers.values()].sort((a, b) => a.nodeIndex - b.nodeIndex);
  let serial = 0;
  const number = (node: TreeNode<A>) => {
    node.serial = serial++;
    if (node.kind !== 'file') {
      node.children.sort(compareNodes);
      node.children.forEach(number);
    }
  };
  sortedContainers.forEach(number);

  return { containers: sortedContainers, folders, nodeCount: serial, fileCount: artifacts.length, totalBytes };
}

export interface TreeMatch {
  /** `visible[serial]` is 1 for matching files and the folders that contain them. */
  visible: Uint8Array;
  fileCount: number;
  totalBytes: number;
}

/** Splits a filter into lower-cased words; every word must occur in an artifact's path. */
export function parseFilterQuery(query: string): string[] {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** Files whose path contains every word of the query, and their folders; null when not filtering. */
export function matchArtifactTree<A extends TreeArtifact>(tree: ArtifactTree<A>, query: string): TreeMatch | null {
  const words = parseFilterQuery(query);
  if (words.length === 0) return null;
  const visible = new Uint8Array(tree.nodeCount);
  let fileCount = 0;
  let totalBytes = 0;
  const visit = (node: TreeNode<A>): boolean => {
    if (node.kind === 'file') {
      for (const word of words) if (!node.searchText.includes(word)) return false;
      visible[node.serial] = 1;
      fileCount += 1;
      totalBytes += node.artifact.size;
      return true;
    }
    let any = false;
    for (const child of node.children) if (visit(child)) any = true;
    if (any) visible[node.serial] = 1;
    return any;
  };
  tree.containers.forEach(visit);
  return { visible, fileCount, totalBytes };
}

export interface VisibleRow<A extends TreeArtifact = TreeArtifact> {
  node: TreeNode<A>;
  /** 1-based, as `aria-level` wants it. */
  level: number;
  /** Index of the parent's row, or -1 for a container. */
  parentIndex: number;
  posInSet: number;
  setSize: number;
  expanded: boolean;
}

/**
 * The rows a reader can see, in order: what the virtualized list renders. While filtering, only
 * matches and their folders are visible.
 */
export function flattenVisibleTree<A extends TreeArtifact>(
  tree: ArtifactTree<A>,
  isExpanded: (folder: FolderNode<A>) => boolean,
  match: TreeMatch | null,
): VisibleRow<A>[] {
  const rows: VisibleRow<A>[] = [];
  const walk = (nodes: TreeNode<A>[], level: number, parentIndex: number) => {
    const shown = match ? nodes.filter((node) => match.visible[node.serial] === 1) : nodes;
    shown.forEach((node, position) => {
      const expanded = node.kind !== 'file' && isExpanded(node);
      rows.push({ node, level, parentIndex, posInSet: position + 1, setSize: shown.length, expanded });
      if (node.kind !== 'file' && expanded) walk(node.children, level + 1, rows.length - 1);
    });
  };
  walk(tree.containers, 1, -1);
  return rows;
}

/** Up to this many files, every folder starts open; beyond it, only containers do. */
export const EXPAND_ALL_LIMIT = 500;

export function initiallyExpandedIds(tree: ArtifactTree): Set<string> {
  const open = tree.fileCount <= EXPAND_ALL_LIMIT ? tree.folders : tree.containers;
  return new Set(open.map((folder) => folder.id));
}

/** Every node by id, to find the selected one without walking the tree. */
export function indexTreeNodes<A extends TreeArtifact>(tree: ArtifactTree<A>): Map<string, TreeNode<A>> {
  const byId = new Map<string, TreeNode<A>>();
  const visit = (node: TreeNode<A>) => {
    byId.set(node.id, node);
    if (node.kind !== 'file') node.children.forEach(visit);
  };
  tree.containers.forEach(visit);
  return byId;
}
