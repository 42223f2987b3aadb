import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';
import { runCli, type CliIo } from './main';

/** Names that break naive URL building or shell quoting, as jobs really produce them. */
const AWKWARD_FILES: Record<string, string> = {
  'dir with spaces/file one.txt': 'spaces\n',
  'plus+sign.txt': 'plus\n',
  'percent%20encoded.txt': 'percent\n',
  'hash#tag.txt': 'hash\n',
  'question?mark.txt': 'question\n',
  'amp&ersand=1.txt': 'ampersand\n',
  'quote"double.txt': 'double quote\n',
  "quote'single.txt": 'single quote\n',
  '日本語/テスト結果.txt': '日本語\n',
  'emoji 🚀/🎉 party.log': 'emoji\n',
  'empty.bin': '',
};

let jobNumbers = 100;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stowage-cli-it-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: string | Buffer): string {
  const path = join(root, 'artifacts', relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

async function cli(test: SpawnedPlatform, args: string[], overrides: { env?: Record<string, string>; fetch?: typeof fetch } = {}) {
  let stdout = '';
  let stderr = '';
  const jobNumber = ++jobNumbers;
  const io: CliIo = {
    // A CircleCI job's environment: only --path (and here --destination) on the command line.
    env: {
      STOWAGE_URL: test.baseUrl,
      STOWAGE_TOKEN: test.world.tokens.privateUpload,
      STOWAGE_PROJECT: test.world.slugs.private,
      CIRCLE_BUILD_NUM: String(jobNumber),
      CIRCLE_JOB: 'build',
      CIRCLE_BRANCH: 'main',
      CIRCLE_SHA1: 'f'.repeat(40),
      ...overrides.env,
    },
    cwd: root,
    home: root,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    fetch: overrides.fetch,
  };
  const exitCode = await runCli(['store-artifacts', ...args], io);
  return { exitCode, stdout, stderr, jobNumber };
}

/** The job's artifacts once the worker has finalized them, by path; none when the job was never created. */
async function artifactsOf(test: SpawnedPlatform, jobNumber: number) {
  const job = await test.platform.db.job.findFirst({ where: { projectId: test.world.projects.private.id, number: jobNumber } });
  if (!job) return new Map();
  await test.waitForFinalization(job.id);
  const rows = await test.platform.db.artifact.findMany({ where: { jobId: job.id } });
  return new Map(rows.map((row) => [row.path, row]));
}

describe.each(['filesystem', 's3'] as const)('stowage store-artifacts on the real platform (%s storage)', (storage) => {
  let test: SpawnedPlatform;

  // The built API and worker as separate processes (build them first: npx nx run-many -t build -p api worker).
  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  it('stores a tree of awkward names, an empty file, large multi-part files and an executable, each AVAILABLE with its size, sha256 and mode', async () => {
    const expected = new Map<string, { content: string | Buffer; mode: number }>();
    for (const [relative, content] of Object.entries(AWKWARD_FILES)) {
      write(relative, content);
      expected.set(relative, { content, mode: 0o644 });
    }
    const fiveMb = randomBytes(5 * 1000 * 1000);
    write('big/five-mb.bin', fiveMb);
    expected.set('big/five-mb.bin', { content: fiveMb, mode: 0o644 });
    // Over S3's 8 MiB part size: three parts sent in parallel and completed together.
    const seventeenMib = randomBytes(17 * 1024 * 1024 + 3);
    write('big/seventeen-mib.bin', seventeenMib);
    expected.set('big/seventeen-mib.bin', { content: seventeenMib, mode: 0o644 });
    chmodSync(write('bin/run.sh', '#!/bin/sh\necho ok\n'), 0o755);
    expected.set('bin/run.sh', { content: '#!/bin/sh\necho ok\n', mode: 0o755 });
    for (const relative of expected.keys()) if (relative !== 'bin/run.sh') chmodSync(join(root, 'artifacts', relative), 0o644);

    const result = await cli(test, ['--path', join(root, 'artifacts'), '--destination', 'reports']);

    expect(result.stderr).not.toContain('not stored');
    expect(result.exitCode).toBe(0);
    // 5,000,000 + 17 MiB + 3 + the small files = 21.8 MiB.
    expect(result.stdout).toMatch(new RegExp(`^Stored ${expected.size} files \\(21\\.8 MiB\\) in [\\d.]+ s, [\\d.]+ (B|KiB|MiB|GiB)/s\n$`));
    const artifacts = await artifactsOf(test, result.jobNumber);
    expect([...artifacts.keys()].sort()).toEqual([...expected.keys()].map((relative) => `reports/${relative}`).sort());
    for (const [relative, { content, mode }] of expected) {
      const artifact = artifacts.get(`reports/${relative}`)!;
      expect({ path: artifact.path, state: artifact.state, failureReason: artifact.failureReason }).toEqual({ path: `reports/${relative}`, state: 'AVAILABLE', failureReason: null });
      expect(artifact.size).toBe(BigInt(Buffer.byteLength(content)));
      expect(artifact.sha256).toBe(sha256(content));
      expect(artifact.fileMode).toBe(mode);
    }
  }, 120_000);

  it('exits 1 naming a file that grew between being announced and being sent, and stores the others', async () => {
    write('stable.txt', 'stable\n');
    const growing = write('growing.log', 'line 1\n');
    // The create request is sent after the snapshot and before any part is sent or hashed: the
    // moment a job's still running logger would append a line.
    const appendOnCreate: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/stowage/v1/uploads') && init?.method === 'POST') appendFileSync(growing, 'line 2\n');
      return fetch(input, init);
    };

    // The per-file protocol: files in batches are read once, whole (see below).
    const result = await cli(test, ['--path', join(root, 'artifacts'), '--batch-threshold', '0'], { fetch: appendOnCreate });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^Stored 1 of 2 files/);
    expect(result.stderr).toContain(`1 file was not stored:\n  ${growing}: ${growing} changed while it was being uploaded (its size went from 7 to 14 bytes)`);
    const artifacts = await artifactsOf(test, result.jobNumber);
    const prefix = join(root, 'artifacts').slice(1);
    expect(artifacts.get(`${prefix}/stable.txt`)?.state).toBe('AVAILABLE');
    expect(artifacts.get(`${prefix}/growing.log`)?.state).not.toBe('AVAILABLE');
  });

  it('sends small files in batches of one tar stream each and a large file on its own, every one AVAILABLE', async () => {
    const expected = new Map<string, Buffer>();
    for (let i = 0; i < 620; i++) {
      const content = Buffer.from(`file ${i}\n`.repeat(1 + (i % 50)));
      write(`small/${String(i).padStart(4, '0')}.txt`, content);
      expected.set(`small/${String(i).padStart(4, '0')}.txt`, content);
    }
    const large = randomBytes(2 * 1024 * 1024 + 5);
    write('large.bin', large);
    expected.set('large.bin', large);
    const calls: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };

    const result = await cli(test, ['--path', join(root, 'artifacts'), '--destination', 'out'], { fetch: recording });

    expect(result.stderr).not.toContain('not stored');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Stored 621 files /);
    // 620 small files: two batches (at most 500 files each); the large file: create and complete.
    expect(calls.filter((c) => c === 'POST /api/stowage/v1/upload-batches')).toHaveLength(2);
    expect(calls.filter((c) => c === 'POST /api/stowage/v1/uploads')).toHaveLength(1);
    // Every small file was available when the CLI exited: nothing was left to the worker.
    const job = await test.platform.db.job.findFirstOrThrow({ where: { projectId: test.world.projects.private.id, number: result.jobNumber } });
    const small = await test.platform.db.artifact.findMany({ where: { jobId: job.id, path: { startsWith: 'out/small/' } } });
    expect(small.map((a) => a.state)).toEqual(Array(620).fill('AVAILABLE'));
    const artifacts = await artifactsOf(test, result.jobNumber);
    for (const [relative, content] of expected) {
      const artifact = artifacts.get(`out/${relative}`)!;
      expect([artifact.state, artifact.size, artifact.sha256]).toEqual(['AVAILABLE', BigInt(content.length), sha256(content)]);
    }
  }, 120_000);

  it('stores a small file as it was read, whole, even if it grows while its batch is declared', async () => {
    write('stable.txt', 'stable\n');
    const growing = write('growing.log', 'line 1\n');
    const appendOnDeclare: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/stowage/v1/upload-batches') && init?.method === 'POST') appendFileSync(growing, 'line 2\n');
      return fetch(input, init);
    };
    const result = await cli(test, ['--path', join(root, 'artifacts')], { fetch: appendOnDeclare });
    expect(result.exitCode).toBe(0);
    const artifacts = await artifactsOf(test, result.jobNumber);
    const prefix = join(root, 'artifacts').slice(1);
    expect(artifacts.get(`${prefix}/growing.log`)).toMatchObject({ state: 'AVAILABLE', size: 7n, sha256: sha256('line 1\n') });
  });

  it('exits 1 with the server message when the token is refused (revoked), uploading nothing', async () => {
    write('a.txt', 'a');
    const result = await cli(test, ['--path', join(root, 'artifacts')], { env: { STOWAGE_TOKEN: test.world.tokens.revoked } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Stopping: 401 /);
    expect(result.stderr).toContain(`${join(root, 'artifacts', 'a.txt')}: 401 `);
    expect((await artifactsOf(test, result.jobNumber)).size).toBe(0);
  });

  it('does not send again a large file the project already holds, with an upload-read token; an upload-only token sends it', async () => {
    // Several parts on both drivers (the filesystem's are 16 MiB), so the CLI hashes beside the parts and claims.
    const big = randomBytes(40 * 1024 * 1024);
    write('dist/app.tar', big);
    const first = await cli(test, ['--path', join(root, 'artifacts')], { env: { STOWAGE_TOKEN: test.world.tokens.privateUploadRead } });
    expect(first.exitCode).toBe(0);
    expect((await artifactsOf(test, first.jobNumber)).size).toBe(1);

    const again = await cli(test, ['--path', join(root, 'artifacts')], { env: { STOWAGE_TOKEN: test.world.tokens.privateUploadRead } });
    expect(again.exitCode).toBe(0);
    // On a fast link the parts may all have left before the hash was done; the server keeps one copy either way.
    expect(again.stdout).toMatch(/; sent [\d.]+ (MiB|KiB|B) of 40\.0 MiB; 1 file \(40\.0 MiB\) already stored\n$/);
    const artifact = [...(await artifactsOf(test, again.jobNumber)).values()][0];
    expect(artifact).toMatchObject({ state: 'AVAILABLE', sha256: sha256(big) });

    const byUploader = await cli(test, ['--path', join(root, 'artifacts')]);
    expect(byUploader.exitCode).toBe(0);
    expect(byUploader.stdout).not.toContain('already stored');
    // Sent in full, kept once: one blob for the three artifacts.
    expect((await artifactsOf(test, byUploader.jobNumber)).size).toBe(1);
    expect(await test.platform.db.blob.count({ where: { projectId: test.world.projects.private.id, sha256: sha256(big) } })).toBe(1);
  });

  it('stores a job\'s unchanged small files again without sending them, with an upload-read token', async () => {
    for (let i = 0; i < 30; i++) write(`reports/test-${i}.xml`, `<testsuite name="${randomBytes(8).toString('hex')}" />\n`);
    const token = { STOWAGE_TOKEN: test.world.tokens.privateUploadRead };
    const first = await cli(test, ['--path', join(root, 'artifacts')], { env: token });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).not.toContain('already stored');

    const again = await cli(test, ['--path', join(root, 'artifacts')], { env: token });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/; sent 0 B of [\d.]+ KiB; 30 files \([\d.]+ KiB\) already stored\n$/);
    const artifacts = await artifactsOf(test, again.jobNumber);
    expect([...artifacts.values()].filter((a) => a.state === 'AVAILABLE')).toHaveLength(30);
  });
});
