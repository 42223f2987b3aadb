import type { ArtifactDetail } from '@stowage/contracts';
import {
  buildArtifactTree,
  containerId,
  flattenVisibleTree,
  folderId,
  initiallyExpandedIds,
  matchArtifactTree,
  parseFilterQuery,
  type FolderNode,
  type TreeArtifact,
} from './artifact-tree';
import { treeKeyAction } from './artifact-tree-keys';

let nextId = 0;
function artifact(path: string, nodeIndex = 0, size = 10, state: ArtifactDetail['state'] = 'available'): TreeArtifact {
  nextId += 1;
  return { id: `id-${nextId}`, path, nodeIndex, size, state };
}

const names = (rows: { node: { name: string } }[]) => rows.map((row) => row.node.name);
const everything = () => true;

describe('buildArtifactTree', () => {
  it('labels every node with its name shown escaped (displayArtifactPath), keeping the real name for links', () => {
    const tree = buildArtifactTree([artifact('tab\tdir/new\nline.log'), artifact('\u001b[31mred/\u202etxt.exe'), artifact('a\\b')]);
    const rows = flattenVisibleTree(tree, everything, null).map((row) => row.node);
    expect(rows.map((node) => node.label)).toEqual(['Container 0', '\\x1b[31mred', '\\u202etxt.exe', 'tab\\tdir', 'new\\nline.log', 'a\\\\b']);
    expect(rows.map((node) => node.name)).toEqual(['Container 0', '\u001b[31mred', '\u202etxt.exe', 'tab\tdir', 'new\nline.log', 'a\\b']);
    const file = rows.find((node) => node.name === 'new\nline.log')!;
    expect(file.kind === 'file' && [file.path, file.pathLabel]).toEqual(['tab\tdir/new\nline.log', 'tab\\tdir/new\\nline.log']);
    const folder = rows.find((node) => node.name === 'tab\tdir')!;
    expect(folder.kind === 'folder' && [folder.prefix, folder.prefixLabel]).toEqual(['tab\tdir/', 'tab\\tdir/']);
    // Nothing a label shows can move the cursor, break a line or reorder text.
    for (const node of rows) expect(node.label).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it('groups artifacts by container, then by folder, folders before files in natural order', () => {
    const tree = buildArtifactTree([
      artifact('screens/shard-10.png'),
      artifact('report.html'),
      artifact('screens/shard-2.png'),
      artifact('logs/app.log', 1),
      artifact('coverage/lcov/index.html'),
    ]);
    expect(tree.containers.map((container) => container.name)).toEqual(['Container 0', 'Container 1']);
    expect(names(flattenVisibleTree(tree, everything, null))).toEqual([
      'Container 0',
      'coverage',
      'lcov',
      'index.html',
      'screens',
      'shard-2.png',
      'shard-10.png',
      'report.html',
      'Container 1',
      'logs',
      'app.log',
    ]);
  });

  it('sums file counts, sizes, pending and failed artifacts into every folder above them', () => {
    const tree = buildArtifactTree([
      artifact('a/b/one.txt', 0, 100),
      artifact('a/two.txt', 0, 20, 'pending'),
      artifact('a/b/three.txt', 0, 3, 'failed'),
    ]);
    const container = tree.containers[0];
    const a = container.children[0] as FolderNode;
    const b = a.children[0] as FolderNode;
    expect([container.fileCount, container.totalBytes, container.pendingCount, container.failedCount]).toEqual([3, 123, 1, 1]);
    expect([a.fileCount, a.totalBytes]).toEqual([3, 123]);
    expect([b.name, b.prefix, b.fileCount, b.totalBytes, b.failedCount]).toEqual(['b', 'a/b/', 2, 103, 1]);
    expect(tree.totalBytes).toBe(123);
  });

  it('keeps two uploads of the same path apart and ignores empty path segments', () => {
    const tree = buildArtifactTree([artifact('x//y.txt'), artifact('x/y.txt')]);
    const rows = flattenVisibleTree(tree, everything, null);
    expect(names(rows)).toEqual(['Container 0', 'x', 'y.txt', 'y.txt']);
    expect(new Set(rows.map((row) => row.node.id)).size).toBe(4);
  });

  it('numbers nodes depth-first so per-node data fits in an array', () => {
    const tree = buildArtifactTree([artifact('a/b.txt'), artifact('c.txt', 1)]);
    const rows = flattenVisibleTree(tree, everything, null);
    expect(rows.map((row) => row.node.serial)).toEqual([0, 1, 2, 3, 4]);
    expect(tree.nodeCount).toBe(5);
  });

  it('builds 10,000 artifacts quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => artifact(`suite-${i % 40}/case-${i % 250}/shot-${i}.png`, i % 4));
    const started = performance.now();
    const tree = buildArtifactTree(many);
    const rows = flattenVisibleTree(tree, everything, null);
    const match = matchArtifactTree(tree, 'shot-99');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows.filter((row) => row.node.kind === 'file')).toHaveLength(10_000);
    expect(match?.fileCount).toBe(111);
  });
});

describe('matchArtifactTree', () => {
  const tree = buildArtifactTree([
    artifact('reports/junit/results.xml', 0, 5),
    artifact('reports/coverage/index.html', 0, 7),
    artifact('logs/server.log', 1, 11),
  ]);

  it('returns null when the query has no words', () => {
    expect(matchArtifactTree(tree, '   ')).toBeNull();
    expect(parseFilterQuery('  Foo   BAR ')).toEqual(['foo', 'bar']);
  });

  it('shows matching files and the folders leading to them, case-insensitively', () => {
    const match = matchArtifactTree(tree, 'JUNIT');
    const rows = flattenVisibleTree(tree, everything, match);
    expect(names(rows)).toEqual(['Container 0', 'reports', 'junit', 'results.xml']);
    expect(match).toMatchObject({ fileCount: 1, totalBytes: 5 });
  });

  it('matches folder names through the path and needs every word', () => {
    expect(names(flattenVisibleTree(tree, everything, matchArtifactTree(tree, 'reports html')))).toEqual([
      'Container 0',
      'reports',
      'coverage',
      'index.html',
    ]);
  });

  it('counts set sizes among visible siblings only', () => {
    const rows = flattenVisibleTree(tree, everything, matchArtifactTree(tree, 'log'));
    expect(rows.map((row) => [row.node.name, row.level, row.posInSet, row.setSize])).toEqual([
      ['Container 1', 1, 1, 1],
      ['logs', 2, 1, 1],
      ['server.log', 3, 1, 1],
    ]);
  });

  it('shows nothing when nothing matches', () => {
    expect(flattenVisibleTree(tree, everything, matchArtifactTree(tree, 'nope'))).toEqual([]);
  });
});

describe('flattenVisibleTree', () => {
  const tree = buildArtifactTree([artifact('a/one.txt'), artifact('a/b/two.txt'), artifact('top.txt')]);

  it('hides the children of collapsed folders and records parents for Left-arrow navigation', () => {
    const open = new Set([containerId(0), folderId(0, 'a/')]);
    const rows = flattenVisibleTree(tree, (folder) => open.has(folder.id), null);
    expect(names(rows)).toEqual(['Container 0', 'a', 'b', 'one.txt', 'top.txt']);
    expect(rows.map((row) => row.parentIndex)).toEqual([-1, 0, 1, 1, 0]);
    expect(rows.map((row) => row.expanded)).toEqual([true, true, false, false, false]);
  });

  it('opens every folder of a small job and only containers of a large one', () => {
    expect(initiallyExpandedIds(tree).size).toBe(3);
    const large = buildArtifactTree(Array.from({ length: 501 }, (_, i) => artifact(`d/${i}.txt`, i % 2)));
    expect([...initiallyExpandedIds(large)].sort()).toEqual([containerId(0), containerId(1)]);
  });
});

describe('treeKeyAction', () => {
  const tree = buildArtifactTree([artifact('a/one.txt'), artifact('top.txt')]);
  const open = new Set([containerId(0)]);
  const rows = flattenVisibleTree(tree, (folder) => open.has(folder.id), null);
  // rows: Container 0 (open), a (closed), top.txt

  it('moves up and down within bounds, and jumps with Home and End', () => {
    expect(treeKeyAction(rows, 0, 'ArrowDown')).toEqual({ type: 'move', index: 1 });
    expect(treeKeyAction(rows, 2, 'ArrowDown')).toEqual({ type: 'move', index: 2 });
    expect(treeKeyAction(rows, 0, 'ArrowUp')).toEqual({ type: 'move', index: 0 });
    expect(treeKeyAction(rows, 1, 'End')).toEqual({ type: 'move', index: 2 });
    expect(treeKeyAction(rows, 2, 'Home')).toEqual({ type: 'move', index: 0 });
  });

  it('opens a closed folder with Right, then enters it', () => {
    expect(treeKeyAction(rows, 1, 'ArrowRight')).toEqual({ type: 'expand', id: folderId(0, 'a/') });
    expect(treeKeyAction(rows, 0, 'ArrowRight')).toEqual({ type: 'move', index: 1 });
    expect(treeKeyAction(rows, 2, 'ArrowRight')).toBeNull();
  });

  it('closes an open folder with Left, or goes to the parent', () => {
    expect(treeKeyAction(rows, 0, 'ArrowLeft')).toEqual({ type: 'collapse', id: containerId(0) });
    expect(treeKeyAction(rows, 2, 'ArrowLeft')).toEqual({ type: 'move', index: 0 });
    expect(treeKeyAction(rows, 1, 'ArrowLeft')).toEqual({ type: 'move', index: 0 });
  });

  it('activates with Enter and Space and ignores other keys', () => {
    expect(treeKeyAction(rows, 2, 'Enter')).toEqual({ type: 'activate', index: 2 });
    expect(treeKeyAction(rows, 1, ' ')).toEqual({ type: 'activate', index: 1 });
    expect(treeKeyAction(rows, 1, 'x')).toBeNull();
    expect(treeKeyAction([], 0, 'ArrowDown')).toBeNull();
  });
});
