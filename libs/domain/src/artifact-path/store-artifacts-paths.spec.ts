import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArtifactPathError } from './artifact-path';
import { parseDisplayedName } from './displayed-name.spec-helper';
import {
  StoreArtifactsPathError,
  normaliseDestination,
  resolveStorePath,
  storeArtifactsPath,
} from './store-artifacts-paths';

const context = { cwd: '/home/circleci/project', home: '/home/circleci' };

interface Case {
  row: number;
  path: string;
  kind: 'file' | 'directory';
  destination?: string;
  inside?: string;
  /** The artifact path, or `'rejected'`. */
  expected: string;
}

/** The rules table of docs/artifact-paths.md, row for row (a test below checks they agree). */
const CASES: Case[] = [
  { row: 1, path: '/tmp/artifact-1', kind: 'file', destination: 'artifact-file', expected: 'artifact-file' },
  { row: 2, path: '/tmp/artifacts', kind: 'directory', inside: 'artifact-2', expected: 'tmp/artifacts/artifact-2' },
  { row: 3, path: '/tmp/artifact-1', kind: 'file', expected: 'tmp/artifact-1' },
  { row: 4, path: '/tmp/out', kind: 'directory', destination: 'reports/v1', inside: 'index.html', expected: 'reports/v1/index.html' },
  { row: 5, path: '/tmp/out', kind: 'directory', destination: 'reports/v1', inside: 'css/site.css', expected: 'reports/v1/css/site.css' },
  { row: 6, path: 'test-results', kind: 'directory', inside: 'junit/results.xml', expected: 'home/circleci/project/test-results/junit/results.xml' },
  { row: 7, path: './coverage/lcov.info', kind: 'file', expected: 'home/circleci/project/coverage/lcov.info' },
  { row: 8, path: '../shared/build.log', kind: 'file', expected: 'home/circleci/shared/build.log' },
  { row: 9, path: '/tmp/a/../b/./c.txt', kind: 'file', expected: 'tmp/b/c.txt' },
  { row: 10, path: '~/x', kind: 'file', expected: 'home/circleci/x' },
  { row: 11, path: '~', kind: 'directory', destination: 'home', inside: '.bashrc', expected: 'home/.bashrc' },
  { row: 12, path: '~user/x', kind: 'file', expected: 'home/circleci/project/~user/x' },
  { row: 13, path: '/tmp/out/', kind: 'directory', inside: 'a.txt', expected: 'tmp/out/a.txt' },
  { row: 14, path: '/tmp/out', kind: 'directory', destination: 'reports/', inside: 'a.txt', expected: 'reports/a.txt' },
  { row: 15, path: '/tmp/out', kind: 'directory', destination: '/reports//v1/', inside: 'a.txt', expected: 'reports/v1/a.txt' },
  { row: 16, path: '/tmp/report.html', kind: 'file', destination: 'reports/', expected: 'reports' },
  { row: 17, path: '/tmp/out', kind: 'directory', destination: '/', inside: 'a.txt', expected: 'a.txt' },
  { row: 18, path: '/tmp/artifact-1', kind: 'file', destination: '/', expected: 'rejected' },
  { row: 19, path: '/tmp/out', kind: 'directory', destination: 'a/../b', inside: 'x.txt', expected: 'b/x.txt' },
  { row: 20, path: '/tmp/out', kind: 'directory', destination: '../escape', inside: 'x.txt', expected: 'rejected' },
  { row: 21, path: '/tmp/out', kind: 'directory', destination: 'a/../../x', inside: 'x.txt', expected: 'rejected' },
  { row: 22, path: '/tmp/out', kind: 'directory', inside: '.env', expected: 'tmp/out/.env' },
  { row: 23, path: '/tmp/out', kind: 'directory', inside: '.git/config', expected: 'tmp/out/.git/config' },
  { row: 24, path: '/tmp/.cache', kind: 'directory', inside: 'x', expected: 'tmp/.cache/x' },
  { row: 25, path: '/tmp/latest.log', kind: 'file', expected: 'tmp/latest.log' },
  { row: 26, path: '/tmp/out', kind: 'directory', inside: 'linked/a.txt', expected: 'tmp/out/linked/a.txt' },
  { row: 27, path: '/tmp/current', kind: 'directory', destination: 'site', inside: 'index.html', expected: 'site/index.html' },
  { row: 28, path: '/tmp/my report (final).html', kind: 'file', expected: 'tmp/my report (final).html' },
  { row: 29, path: '/tmp/out', kind: 'directory', destination: 'données/日本語', inside: 'résumé.pdf', expected: 'données/日本語/résumé.pdf' },
  { row: 30, path: '/', kind: 'directory', inside: 'etc/hostname', expected: 'etc/hostname' },
  { row: 31, path: '/tmp/out', kind: 'directory', inside: 'tab\there.txt', expected: 'tmp/out/tab\there.txt' },
  { row: 32, path: '/tmp/out', kind: 'directory', destination: 'logs', inside: 'run\n1.log', expected: 'logs/run\n1.log' },
  { row: 33, path: '/tmp/out', kind: 'directory', inside: '\u001b[31mred', expected: 'tmp/out/\u001b[31mred' },
  { row: 34, path: '/tmp/out', kind: 'directory', inside: '\u202Etxt.exe', expected: 'tmp/out/\u202Etxt.exe' },
  { row: 35, path: '/tmp/out', kind: 'directory', inside: 'a\\b', expected: 'tmp/out/a\\b' },
];

function artifactPathOf({ path, kind, destination, inside }: Case): string {
  return storeArtifactsPath({ resolvedPath: resolveStorePath(path, context), isDirectory: kind === 'directory', destination }, inside);
}

describe('store_artifacts → artifact path (docs/artifact-paths.md, rules table)', () => {
  it.each(CASES.filter((c) => c.expected !== 'rejected'))(
    'row $row: $kind $path, destination $destination, file $inside → $expected',
    (c) => {
      expect(artifactPathOf(c)).toBe(c.expected);
    },
  );

  it.each(CASES.filter((c) => c.expected === 'rejected'))(
    'row $row: $kind $path, destination $destination is rejected',
    (c) => {
      expect(() => artifactPathOf(c)).toThrow(StoreArtifactsPathError);
    },
  );

  it('has exactly the rows of the table in docs/artifact-paths.md', () => {
    const lines = readFileSync(resolve(__dirname, '../../../../docs/artifact-paths.md'), 'utf8').split('\n');
    let i = lines.findIndex((line) => line.includes('rules-table'));
    while (!lines[i].startsWith('|')) i++;
    const rows: string[][] = [];
    for (; i < lines.length && lines[i].startsWith('|'); i++) {
      rows.push(lines[i].trim().slice(1, -1).split('|').map((cell) => cell.trim()));
    }
    // Names are written in their displayed form (`\t` for a tab): read them back to the names.
    const cell = (text: string) => {
      if (text === '—') return undefined;
      const code = /^`(.*)`$/.exec(text)?.[1];
      return code === undefined ? text : parseDisplayedName(code);
    };
    const documented = rows.slice(2).map(([row, path, kind, destination, inside, expected]) => ({
      row: Number(row),
      path: cell(path),
      kind,
      destination: cell(destination),
      inside: cell(inside),
      expected: cell(expected),
    }));
    expect(documented).toEqual(CASES); // toEqual: an absent key matches an undefined cell
  });
});

describe('resolveStorePath', () => {
  it('resolves against / when the path climbs above it, as the kernel does', () => {
    expect(resolveStorePath('/../../tmp', context)).toBe('/tmp');
  });

  it('resolves "." to the working directory', () => {
    expect(resolveStorePath('.', context)).toBe('/home/circleci/project');
  });

  it.each([
    ['', context, /path is empty/],
    ['x', { cwd: 'relative/dir', home: '/home/circleci' }, /working directory "relative\/dir" must be an absolute path/],
    ['~/x', { cwd: '/w', home: '~' }, /home directory "~" must be an absolute path/],
  ])('refuses %j with cwd/home %j', (path, ctx, message) => {
    expect(() => resolveStorePath(path, ctx)).toThrow(message);
  });
});

describe('normaliseDestination', () => {
  it.each([
    ['artifact-file', 'artifact-file'],
    ['/a//b/', 'a/b'],
    ['./a/./b', 'a/b'],
    ['', ''],
    ['/', ''],
    ['a/..', ''],
    ['~/x', '~/x'], // a destination is an artifact-path prefix: "~" is not expanded
  ])('normalises %j to %j', (destination, normalised) => {
    expect(normaliseDestination(destination)).toBe(normalised);
  });

  it('names the destination that climbs above the root', () => {
    expect(() => normaliseDestination('a/../..')).toThrow('The destination "a/../.." climbs above the artifacts root with "..".');
  });
});

describe('storeArtifactsPath', () => {
  it('refuses a file name that cannot be an artifact path, with the validator\'s reason', () => {
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true }, 'bad\u0000name')).toThrow(InvalidArtifactPathError);
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true }, 'bad\u0000name')).toThrow(/U\+0000 \(NUL\)/);
  });

  it('refuses a relative path that is not canonical, instead of normalising it away', () => {
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true }, '../secret')).toThrow(InvalidArtifactPathError);
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true }, '/abs')).toThrow(InvalidArtifactPathError);
  });

  it('refuses a result longer than 1024 bytes', () => {
    const deep = `/${'d'.repeat(600)}`;
    expect(() => storeArtifactsPath({ resolvedPath: deep, isDirectory: true }, 'f'.repeat(500))).toThrow(/1024 bytes/);
  });

  it('needs a relative path for a directory, and none for a file', () => {
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true })).toThrow(StoreArtifactsPathError);
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true }, '')).toThrow(StoreArtifactsPathError);
    expect(() => storeArtifactsPath({ resolvedPath: '/tmp/a', isDirectory: false }, 'x')).toThrow(StoreArtifactsPathError);
  });

  it('refuses a resolved path that is not absolute', () => {
    expect(() => storeArtifactsPath({ resolvedPath: 'tmp/a', isDirectory: false })).toThrow(/must be an absolute path/);
  });

  it('treats an empty destination as given (the root) and an absent one as "use the path"', () => {
    expect(storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true, destination: '' }, 'a')).toBe('a');
    expect(storeArtifactsPath({ resolvedPath: '/tmp/out', isDirectory: true, destination: undefined }, 'a')).toBe('tmp/out/a');
  });
});
