import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { StoreArtifactsPathError } from '@stowage/domain';
import {
  ArtifactSourceNotFoundError,
  UnsupportedArtifactSourceError,
  collectFiles,
  type CollectFilesOptions,
  type RefusedEntry,
  type SkippedEntry,
} from './collect-files';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'collect-files-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes `files` (path below `root` → content) creating directories on the way. */
function tree(files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** The artifact path prefix of a directory below `root` stored without destination. */
const prefix = (path: string) => join(root, path).slice(1);

async function collect(options: Partial<CollectFilesOptions> & { path: string }) {
  const skipped: SkippedEntry[] = [];
  const refused: RefusedEntry[] = [];
  const files = await collectFiles({ cwd: root, home: '/nonexistent-home', onSkip: (s) => skipped.push(s), onRefuse: (r) => refused.push(r), ...options });
  return { files, skipped, refused, paths: files.map((f) => f.artifactPath) };
}

describe('collectFiles', () => {
  it('collects a single file under its resolved path, with its size and mode', async () => {
    tree({ 'artifact-1': 'my artifact file\n' });
    const { files } = await collect({ path: join(root, 'artifact-1') });
    expect(files).toEqual([
      { absolutePath: join(root, 'artifact-1'), artifactPath: prefix('artifact-1'), size: 17, mode: expect.any(Number) },
    ]);
  });

  it('stores a file with a destination as the destination itself (CircleCI: artifact-1 → artifact-file)', async () => {
    tree({ 'artifact-1': 'x' });
    const { paths } = await collect({ path: join(root, 'artifact-1'), destination: 'artifact-file' });
    expect(paths).toEqual(['artifact-file']);
  });

  it('walks nested directories and names files by the directory path less its leading "/"', async () => {
    tree({ 'artifacts/artifact-2': 'a', 'artifacts/deep/er/still/file.txt': 'b', 'artifacts/deep/x.log': 'c' });
    const { paths } = await collect({ path: join(root, 'artifacts') });
    expect(paths).toEqual([
      prefix('artifacts/artifact-2'),
      prefix('artifacts/deep/er/still/file.txt'),
      prefix('artifacts/deep/x.log'),
    ]);
  });

  it('keeps the layout of a directory under its destination', async () => {
    tree({ 'out/index.html': '', 'out/css/site.css': '' });
    const { paths } = await collect({ path: 'out', destination: '/reports//v1/' });
    expect(paths).toEqual(['reports/v1/css/site.css', 'reports/v1/index.html']);
  });

  it('resolves a relative path against cwd and "~/" against home', async () => {
    tree({ 'project/test-results/junit.xml': '', 'home/notes.txt': '' });
    const fromCwd = await collect({ path: 'test-results', cwd: join(root, 'project') });
    expect(fromCwd.paths).toEqual([prefix('project/test-results/junit.xml')]);
    const fromHome = await collect({ path: '~/notes.txt', home: join(root, 'home') });
    expect(fromHome.paths).toEqual([prefix('home/notes.txt')]);
  });

  it('accepts a trailing slash on a directory path', async () => {
    tree({ 'out/a.txt': '' });
    expect((await collect({ path: `${join(root, 'out')}/` })).paths).toEqual([prefix('out/a.txt')]);
  });

  it('includes hidden files and walks hidden directories', async () => {
    tree({ 'out/.env': '', 'out/.git/config': '', 'out/visible': '' });
    const { paths } = await collect({ path: 'out', destination: 'd' });
    expect(paths).toEqual(['d/.env', 'd/.git/config', 'd/visible']);
  });

  it('returns nothing for an empty directory', async () => {
    mkdirSync(join(root, 'empty'));
    expect((await collect({ path: 'empty' })).files).toEqual([]);
  });

  it('sorts by artifact path, whatever the order on disk', async () => {
    tree({ 'out/b': '', 'out/a/z': '', 'out/A': '', 'out/a.txt': '', 'out/é': '', 'out/a-b': '' });
    const { paths } = await collect({ path: 'out', destination: 'd' });
    expect(paths).toEqual(['d/A', 'd/a-b', 'd/a.txt', 'd/a/z', 'd/b', 'd/é']);
  });

  it('keeps permission bits: 0o755 stays executable, 0o644 and 0o600 do not', async () => {
    tree({ 'out/run.sh': '#!/bin/sh\n', 'out/readme.md': '', 'out/secret': '' });
    chmodSync(join(root, 'out/run.sh'), 0o755);
    chmodSync(join(root, 'out/readme.md'), 0o644);
    chmodSync(join(root, 'out/secret'), 0o600);
    const { files } = await collect({ path: 'out', destination: 'd' });
    expect(files.map((f) => [f.artifactPath, f.mode])).toEqual([
      ['d/readme.md', 0o644],
      ['d/run.sh', 0o755],
      ['d/secret', 0o600],
    ]);
  });

  describe('symlinks', () => {
    it('follows a symlink to a file: named by the link, size and mode of the target', async () => {
      tree({ 'outside/real.log': 'twelve bytes', 'out/keep': '' });
      chmodSync(join(root, 'outside/real.log'), 0o640);
      symlinkSync('../outside/real.log', join(root, 'out/latest.log'));
      const { files } = await collect({ path: 'out', destination: 'd' });
      expect(files).toContainEqual({ absolutePath: join(root, 'out/latest.log'), artifactPath: 'd/latest.log', size: 12, mode: 0o640 });
    });

    it('follows a symlink to a directory outside the tree, naming files through the link', async () => {
      tree({ 'data/a.txt': '', 'data/sub/b.txt': '', 'out/keep': '' });
      symlinkSync(join(root, 'data'), join(root, 'out/linked'));
      const { paths } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/keep', 'd/linked/a.txt', 'd/linked/sub/b.txt']);
    });

    it('stores a source path that is itself a symlink to a directory under the link\'s name', async () => {
      tree({ 'releases/v2/index.html': '' });
      symlinkSync('releases/v2', join(root, 'current'));
      const { files } = await collect({ path: 'current' });
      expect(files).toEqual([expect.objectContaining({ artifactPath: prefix('current/index.html'), absolutePath: join(root, 'current/index.html') })]);
    });

    it('terminates on a symlink loop (a directory linking to its parent) and lists each file once', async () => {
      tree({ 'out/top.txt': '', 'out/sub/inner.txt': '' });
      symlinkSync('..', join(root, 'out/sub/parent'));
      symlinkSync('.', join(root, 'out/self'));
      const { paths, skipped } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/sub/inner.txt', 'd/top.txt']);
      expect(skipped).toEqual(
        expect.arrayContaining([
          { absolutePath: join(root, 'out/sub/parent'), reason: 'directory-already-walked' },
          { absolutePath: join(root, 'out/self'), reason: 'directory-already-walked' },
        ]),
      );
    });

    it('names a directory reachable both directly and through a link by its real place, whatever sorts first', async () => {
      tree({ 'out/z-real/file.txt': '' });
      symlinkSync('z-real', join(root, 'out/a-link'));
      const { paths, skipped } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/z-real/file.txt']);
      expect(skipped).toEqual([{ absolutePath: join(root, 'out/a-link'), reason: 'directory-already-walked' }]);
    });

    it('skips a broken symlink, and a symlink chain that loops, without failing', async () => {
      tree({ 'out/ok.txt': '' });
      symlinkSync('does-not-exist', join(root, 'out/dangling'));
      symlinkSync('ping', join(root, 'out/pong'));
      symlinkSync('pong', join(root, 'out/ping'));
      const { paths, skipped } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/ok.txt']);
      expect(skipped).toEqual(
        expect.arrayContaining([
          { absolutePath: join(root, 'out/dangling'), reason: 'broken-symlink' },
          { absolutePath: join(root, 'out/ping'), reason: 'broken-symlink' },
          { absolutePath: join(root, 'out/pong'), reason: 'broken-symlink' },
        ]),
      );
    });
  });

  describe('special files', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((done) => (server ? server.close(done) : done(undefined)));
      server = undefined;
    });

    it('skips sockets and FIFOs in a directory', async () => {
      tree({ 'out/ok.txt': '' });
      execFileSync('mkfifo', [join(root, 'out/fifo')]);
      server = createServer();
      await new Promise<void>((listening) => server!.listen(join(root, 'out/socket'), listening));
      const { paths, skipped } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/ok.txt']);
      expect(skipped).toEqual(
        expect.arrayContaining([
          { absolutePath: join(root, 'out/fifo'), reason: 'special-file' },
          { absolutePath: join(root, 'out/socket'), reason: 'special-file' },
        ]),
      );
    });

    it('refuses a source path that is a FIFO or a device', async () => {
      execFileSync('mkfifo', [join(root, 'fifo')]);
      await expect(collect({ path: 'fifo' })).rejects.toThrow(UnsupportedArtifactSourceError);
      await expect(collect({ path: '/dev/null' })).rejects.toThrow(/socket, FIFO or device/);
    });
  });

  describe('errors', () => {
    it('fails with a clear, typed error when the path does not exist', async () => {
      const failure = collect({ path: 'test-results' });
      await expect(failure).rejects.toThrow(ArtifactSourceNotFoundError);
      await expect(failure).rejects.toThrow(`Cannot store artifacts from "test-results" (${join(root, 'test-results')}): no such file or directory.`);
    });

    it('says so when the path is a broken symlink', async () => {
      symlinkSync('gone', join(root, 'dangling'));
      await expect(collect({ path: 'dangling' })).rejects.toThrow(/is a broken symbolic link/);
    });

    it('refuses a path below a file', async () => {
      tree({ file: '' });
      await expect(collect({ path: 'file/child' })).rejects.toThrow(ArtifactSourceNotFoundError);
    });

    it('refuses a destination climbing above the root before walking anything', async () => {
      await expect(collect({ path: 'not-even-there', destination: '../up' })).rejects.toThrow(StoreArtifactsPathError);
    });

    it('stores files whose names hold a tab, a newline, ESC or a bidi override under their exact names', async () => {
      tree({ 'out/tab\there.txt': '', 'out/new\nline': '', 'out/\u001b[31mred': '', 'out/\u202Etxt.exe': '' });
      expect((await collect({ path: 'out', destination: 'd' })).paths).toEqual(['d/\u001b[31mred', 'd/new\nline', 'd/tab\there.txt', 'd/\u202Etxt.exe']);
    });

    it('refuses a file whose name is not UTF-8 alone, naming it with its bytes escaped, and collects the rest', async () => {
      tree({ 'out/fine.txt': 'ok', 'out/tab\tfine': 'ok' });
      writeFileSync(Buffer.concat([Buffer.from(join(root, 'out/bad')), Buffer.from([0xff]), Buffer.from('.txt')]), 'not UTF-8');
      const { paths, refused } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/fine.txt', 'd/tab\tfine']);
      expect(refused).toEqual([{ displayPath: `${join(root, 'out')}/bad\\xff.txt`, reason: expect.stringMatching(/not valid UTF-8/) }]);
    });

    it('refuses a directory whose name is not UTF-8, saying nothing below it was stored', async () => {
      const dir = Buffer.concat([Buffer.from(join(root, 'out/caf')), Buffer.from([0xe9])]);
      mkdirSync(dir, { recursive: true });
      writeFileSync(Buffer.concat([dir, Buffer.from('/inside.txt')]), 'x');
      tree({ 'out/ok.txt': 'ok' });
      const { paths, refused } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/ok.txt']);
      expect(refused).toEqual([{ displayPath: `${join(root, 'out')}/caf\\xe9`, reason: expect.stringMatching(/not valid UTF-8.*nothing below it was stored/) }]);
    });

    it('refuses a file whose artifact path would pass 1024 bytes alone, and collects the rest', async () => {
      const long = 'l'.repeat(250);
      tree({ [`out/${long}/${long}/${long}/${long}/${long}.txt`]: 'too long', 'out/short.txt': 'ok' });
      const { paths, refused } = await collect({ path: 'out', destination: 'd' });
      expect(paths).toEqual(['d/short.txt']);
      expect(refused).toEqual([{ displayPath: join(root, `out/${long}/${long}/${long}/${long}/${long}.txt`), reason: expect.stringMatching(/the limit is 1024 bytes/) }]);
    });

    it('refuses a directory it cannot list (EACCES) and a file it cannot stat alone, collecting the rest', async () => {
      // Tests run as root, whom permissions do not stop: the failures are injected into the module
      // object collect-files calls through (an `import * as` here would be a copy of it).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');
      tree({ 'out/locked/secret.txt': 'x', 'out/unstatable\n.txt': 'x', 'out/ok.txt': 'ok' });
      const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      const realOpendir = fsPromises.opendir;
      const realStat = fsPromises.stat;
      const opendir = jest.spyOn(fsPromises, 'opendir').mockImplementation((async (path: string, options: object) => {
        if (path.endsWith('/locked')) throw denied(path);
        return realOpendir(path, options);
      }) as typeof fsPromises.opendir);
      const stat = jest.spyOn(fsPromises, 'stat').mockImplementation((async (path: string, options: object) => {
        if (path.endsWith('unstatable\n.txt')) throw denied(path);
        return realStat(path, options);
      }) as typeof fsPromises.stat);
      try {
        const { paths, refused } = await collect({ path: 'out', destination: 'd' });
        expect(paths).toEqual(['d/ok.txt']);
        expect(refused).toEqual(
          expect.arrayContaining([
            { displayPath: join(root, 'out/locked'), reason: 'the directory cannot be listed, so nothing below it was stored: EACCES: permission denied.' },
            { displayPath: `${join(root, 'out')}/unstatable\\n.txt`, reason: 'it cannot be read: EACCES: permission denied.' },
          ]),
        );
        expect(refused).toHaveLength(2);
      } finally {
        opendir.mockRestore();
        stat.mockRestore();
      }
    });

    it('keeps non-ASCII UTF-8 names exactly', async () => {
      tree({ 'out/日本語/résumé.pdf': '' });
      expect((await collect({ path: 'out', destination: 'd' })).paths).toEqual(['d/日本語/résumé.pdf']);
    });
  });

  it('handles 10,000 files and a 300-deep directory chain without recursion or running out of handles', async () => {
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(root, 'big', `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(root, 'big', `d${d}`, `f${f}`), '');
    }
    const deep = join(root, 'big', ...Array.from({ length: 300 }, () => 'n'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'bottom.txt'), 'deep');
    const { files } = await collect({ path: 'big', destination: 'b' });
    expect(files).toHaveLength(10_001);
    expect(new Set(files.map((f) => f.artifactPath)).size).toBe(10_001);
    expect(files.find((f) => f.artifactPath.endsWith('bottom.txt'))).toMatchObject({ artifactPath: `b/${'n/'.repeat(300)}bottom.txt`, size: 4 });
  }, 60_000);
});
