import type { ComparedFile } from '@stowage/contracts';
import { filterComparedFiles, formatDelta, formatGrowth } from './comparison-filter';

const file = (nodeIndex: number | null, path: string, status: ComparedFile['status'], baseSize: number | null, size: number | null): ComparedFile => ({
  path,
  nodeIndex,
  status,
  baseSize,
  size,
  delta: (size ?? 0) - (baseSize ?? 0),
});

const files = [
  file(0, 'dist/app.js', 'changed', 1000, 1500),
  file(0, 'dist/old.js', 'removed', 300, null),
  file(1, 'dist/App.css', 'added', null, 200),
  file(1, 'logs/test.log', 'changed', 800, 700),
];

describe('filterComparedFiles', () => {
  it('keeps everything without a filter, counting by status and adding the deltas', () => {
    const result = filterComparedFiles(files, { query: '', nodeIndex: null, status: null });
    expect(result.files).toHaveLength(4);
    expect(result.counts).toEqual({ changed: 2, added: 1, removed: 1 });
    expect(result.delta).toBe(500 - 300 + 200 - 100);
  });

  it('matches every word of the query in the path, ignoring case, like the Artifacts tab', () => {
    expect(filterComparedFiles(files, { query: 'DIST app', nodeIndex: null, status: null }).files.map((f) => f.path)).toEqual(['dist/app.js', 'dist/App.css']);
    expect(filterComparedFiles(files, { query: 'nothing', nodeIndex: null, status: null }).files).toEqual([]);
  });

  it('narrows to one container and one kind of change, counts following', () => {
    const inOne = filterComparedFiles(files, { query: '', nodeIndex: 1, status: null });
    expect(inOne.files.map((f) => f.path)).toEqual(['dist/App.css', 'logs/test.log']);
    expect(inOne.counts).toEqual({ changed: 1, added: 1, removed: 0 });
    const changed = filterComparedFiles(files, { query: 'dist', nodeIndex: null, status: 'changed' });
    expect(changed.files.map((f) => f.path)).toEqual(['dist/app.js']);
    expect(changed.delta).toBe(500);
  });

  it('never lists unchanged files, which are only counted', () => {
    const result = filterComparedFiles([...files, file(0, 'same.txt', 'unchanged', 5, 5)], { query: '', nodeIndex: null, status: null });
    expect(result.files.map((f) => f.path)).not.toContain('same.txt');
  });
});

describe('size changes', () => {
  it('formats a delta with its sign', () => {
    expect(formatDelta(1536)).toBe('+1.5 KiB');
    expect(formatDelta(-300)).toBe('−300 B');
    expect(formatDelta(0)).toBe('±0 B');
  });

  it('gives the growth against the base, or none from nothing', () => {
    expect(formatGrowth(1000, 50)).toBe('+5.0 %');
    expect(formatGrowth(1000, -250)).toBe('−25 %');
    expect(formatGrowth(1000, 0)).toBe('±0.0 %');
    expect(formatGrowth(0, 10)).toBeNull();
  });
});
