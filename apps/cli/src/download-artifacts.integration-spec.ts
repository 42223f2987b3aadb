import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApiClient } from '@stowage/api-client';
import { startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';
import { downloadFile, partialPathOf, type PlannedFile } from './download-artifacts.command';
import { capturedIo } from './cli-run.spec-helper';
import { runCli } from './main';

let jobNumbers = 500;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stowage-cli-download-it-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The tree stored, with its modes: an executable, a read-only file, a nested large one, an empty one. */
const TREE: Record<string, { content: Buffer; mode: number }> = {
  'bin/run.sh': { content: Buffer.from('#!/bin/sh\necho ok\n'), mode: 0o755 },
  'readonly.txt': { content: Buffer.from('do not touch\n'), mode: 0o444 },
  'dist/app.js': { content: Buffer.from('console.log(1);\n'), mode: 0o644 },
  'dist/deep/big.bin': { content: randomBytes(3 * 1024 * 1024 + 17), mode: 0o640 },
  'empty.txt': { content: Buffer.alloc(0), mode: 0o600 },
};

async function cli(test: SpawnedPlatform, args: string[], env: Record<string, string>) {
  // A CircleCI job's environment: the project comes from CircleCI's variables.
  const { cli: io, output } = capturedIo(
    {
      STOWAGE_URL: test.baseUrl,
      STOWAGE_TOKEN: test.world.tokens.privateUploadRead,
      CIRCLE_PROJECT_USERNAME: test.world.slugs.private.split('/')[1]!,
      CIRCLE_PROJECT_REPONAME: test.world.slugs.private.split('/')[2]!,
      CIRCLE_JOB: 'build',
      ...env,
    },
    { cwd: root, home: root },
  );
  const exitCode = await runCli(args, io);
  return { exitCode, ...output() };
}

describe.each(['filesystem', 's3'] as const)('stowage download-artifacts on the real platform (%s storage)', (storage) => {
  let test: SpawnedPlatform;

  // The built API and worker as separate processes (build them first: npx nx run-many -t build -p api worker).
  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  it('downloads a stored tree with its bytes and modes; a second run skips everything; a truncated file is resumed', async () => {
    const jobNumber = ++jobNumbers;
    const branch = `download-${storage}-${jobNumber}`;
    for (const [relative, { content, mode }] of Object.entries(TREE)) {
      const path = join(root, 'src', relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      chmodSync(path, mode);
    }
    const env = { CIRCLE_BUILD_NUM: String(jobNumber), CIRCLE_BRANCH: branch };
    const stored = await cli(test, ['store-artifacts', '--path', join(root, 'src'), '--destination', 'out'], env);
    expect(stored.stderr).not.toContain('not stored');
    expect(stored.exitCode).toBe(0);
    const job = await test.platform.db.job.findFirstOrThrow({ where: { projectId: test.world.projects.private.id, number: jobNumber } });
    await test.waitForFinalization(job.id);
    expect((await cli(test, ['job', 'finish', '--status', 'success'], env)).exitCode).toBe(0);

    // The newest successful "build" on the branch, found without a number; in a fresh directory.
    const first = await cli(test, ['download-artifacts', '--latest', '--branch', branch, '--job-name', 'build', '--dir', 'copy'], {});
    expect(first.stderr).not.toContain('failed');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`Job ${jobNumber} of ${test.world.slugs.private}: 5 of 5 files`);
    expect(first.stdout).toContain('5 downloaded, 0 resumed, 0 already present');
    for (const [relative, { content, mode }] of Object.entries(TREE)) {
      const path = join(root, 'copy', 'out', relative);
      expect(readFileSync(path).equals(content)).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(mode);
    }

    const again = await cli(test, ['download-artifacts', '--job-number', String(jobNumber), '--dir', 'copy'], {});
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('0 downloaded, 0 resumed, 5 already present');

    // An interrupted run's leftover: the big file's first megabyte, beside the target.
    const big = join(root, 'copy', 'out', 'dist/deep/big.bin');
    const sha = (await test.platform.db.artifact.findFirstOrThrow({ where: { jobId: job.id, path: 'out/dist/deep/big.bin' } })).sha256!;
    rmSync(big);
    writeFileSync(partialPathOf(big, sha), TREE['dist/deep/big.bin']!.content.subarray(0, 1024 * 1024));
    // And a target truncated in place: its digest is wrong, so it is downloaded again.
    truncateSync(join(root, 'copy', 'out', 'dist/app.js'), 3);
    const resumed = await cli(test, ['download-artifacts', '--job-number', String(jobNumber), '--dir', 'copy', '--include', 'out/dist/**'], {});
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('2 of 2 files');
    expect(resumed.stdout).toContain('1 downloaded, 1 resumed, 0 already present');
    expect(readFileSync(big).equals(TREE['dist/deep/big.bin']!.content)).toBe(true);
    expect(readFileSync(join(root, 'copy', 'out', 'dist/app.js')).equals(TREE['dist/app.js']!.content)).toBe(true);

    // No successful job of another name on the branch: exit 1, saying what was looked for.
    const none = await cli(test, ['download-artifacts', '--latest', '--branch', branch, '--job-name', 'deploy'], {});
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain(`no success job named "deploy" on branch "${branch}"`);
  }, 120_000);
});

describe('stowage download-artifacts through S3 presigned redirects', () => {
  let test: SpawnedPlatform;

  // S3 with S3_REDIRECT_DOWNLOADS (the default): every download answers a redirect to the store.
  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage: 's3' });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  /** Stores `content` as `big.bin` of the job and waits until it is available. */
  async function store(jobNumber: number, content: Buffer) {
    const source = join(root, `source-${content.length}`, 'big.bin');
    mkdirSync(dirname(source), { recursive: true });
    writeFileSync(source, content);
    const stored = await cli(test, ['store-artifacts', '--path', source, '--destination', 'big.bin'], { CIRCLE_BUILD_NUM: String(jobNumber) });
    expect(stored.exitCode).toBe(0);
    const job = await test.platform.db.job.findFirstOrThrow({ where: { projectId: test.world.projects.private.id, number: jobNumber } });
    await test.waitForFinalization(job.id);
  }

  /** The artifact as the CLI lists it, planned to `dir`. */
  async function planned(jobNumber: number, dir: string): Promise<PlannedFile> {
    const [vcs, org, project] = test.world.slugs.private.split('/') as [string, string, string];
    const client = createApiClient({ baseUrl: test.baseUrl, token: test.world.tokens.privateUploadRead });
    const page = await client.call('listJobArtifacts', { params: { vcs, org, project, jobNumber }, query: {} });
    const artifact = page.items.find((item) => item.path === 'big.bin' && item.state === 'available')!;
    return { artifact, relative: 'big.bin', target: join(root, dir, 'big.bin') };
  }

  it('resumes a partial file through the redirect; an artifact changed since the listing is fetched in full, not resumed', async () => {
    const jobNumber = ++jobNumbers;
    const original = randomBytes(3 * 1024 * 1024 + 5);
    await store(jobNumber, original);
    const file = await planned(jobNumber, 'copy');
    const token = test.world.tokens.privateUploadRead;

    // The API answers a redirect to the store, naming the artifact's digest as its ETag.
    const redirect = await fetch(file.artifact.url, { headers: { 'circle-token': token }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('etag')).toBe(`"${file.artifact.sha256}"`);
    expect(redirect.headers.get('location')).not.toContain(test.baseUrl);

    // A partial file of the first megabyte: the store answers the rest (206) and the whole verifies.
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, file.artifact.sha256!), original.subarray(0, 1024 * 1024));
    expect(await downloadFile(file, { token })).toBe('resumed');
    expect(readFileSync(file.target).equals(original)).toBe(true);

    // The artifact is stored again with other bytes after the CLI listed it: the redirect now names
    // another ETag, so the store is asked for the whole object (what If-Range answers with), which
    // fails the listed digest: one full copy received, never its tail behind the kept megabyte.
    const changed = randomBytes(3 * 1024 * 1024 + 99);
    await store(jobNumber, changed);
    const stale: PlannedFile = { ...file, target: join(root, 'stale', 'big.bin') };
    mkdirSync(dirname(stale.target), { recursive: true });
    writeFileSync(partialPathOf(stale.target, file.artifact.sha256!), original.subarray(0, 1024 * 1024));
    let received = 0;
    const onBytes = (delta: number) => (received += Math.max(0, delta));
    await expect(downloadFile(stale, { token, onBytes })).rejects.toThrow(`SHA-256 mismatch: expected ${file.artifact.sha256}`);
    expect(received).toBe(changed.length);
    expect(existsSync(stale.target)).toBe(false);
    expect(existsSync(partialPathOf(stale.target, file.artifact.sha256!))).toBe(false);

    // Listed again, the new bytes download and verify.
    const again = await cli(test, ['download-artifacts', '--job-number', String(jobNumber), '--dir', 'stale'], {});
    expect(again.exitCode).toBe(0);
    expect(readFileSync(stale.target).equals(changed)).toBe(true);
  }, 120_000);
});
