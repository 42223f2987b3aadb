import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';

/**
 * A CI job's way to the CLI (docs/cli.md): curl it from the API into an empty directory, check its
 * digest, run it. The API and worker are the built ones, as separate processes, and they serve
 * the CLI the build put in dist/cli (build first: npx nx run-many -t build -p api worker cli).
 */
const workspaceVersion = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

let test: SpawnedPlatform;
let jobNumber = 500;
let work: string;

beforeAll(async () => {
  test = await startSpawnedPlatform({ storage: 'filesystem' });
}, 60_000);
afterAll(async () => {
  await test?.stop();
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'stowage-cli-download-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Downloads `/cli/<file>` as curl -o would: streamed to disk. */
async function download(file: string, into: string): Promise<string> {
  const response = await fetch(`${test.baseUrl}/cli/${file}`);
  expect(response.status).toBe(200);
  const target = join(into, file);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(target));
  return target;
}

function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // An explicit environment: nothing of the test process (its PATH, NODE_OPTIONS) leaks in.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A small tree as a job leaves it, with the sha256 of each file by its artifact path. */
function writeTree(root: string): Map<string, string> {
  const files: Record<string, string> = { 'report.xml': '<testsuite tests="1"/>\n', 'logs/build.log': 'ok\n', 'logs/empty.txt': '' };
  const expected = new Map<string, string>();
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(join(root, 'artifacts', relative, '..'), { recursive: true });
    writeFileSync(join(root, 'artifacts', relative), content);
    expected.set(`reports/${relative}`, sha256(content));
  }
  return expected;
}

function jobEnv(home: string, path: string): Record<string, string> {
  return {
    PATH: path,
    HOME: home,
    STOWAGE_URL: test.baseUrl,
    STOWAGE_TOKEN: test.world.tokens.privateUpload,
    STOWAGE_PROJECT: test.world.slugs.private,
    CIRCLE_BUILD_NUM: String(++jobNumber),
  };
}

async function availableArtifacts(number: number): Promise<Map<string, string>> {
  const job = await test.platform.db.job.findFirstOrThrow({ where: { projectId: test.world.projects.private.id, number } });
  await test.waitForFinalization(job.id);
  const rows = await test.platform.db.artifact.findMany({ where: { jobId: job.id, state: 'AVAILABLE' } });
  return new Map(rows.map((row) => [row.path, row.sha256 as string]));
}

describe('the CLI the API serves', () => {
  it.each(['stowage.cjs', 'stowage-linux-x64'])('serves %s with a .sha256 that sha256sum -c accepts for the bytes served', async (file) => {
    await download(file, work);
    const digestLine = await (await fetch(`${test.baseUrl}/cli/${file}.sha256`)).text();
    expect(digestLine).toBe(`${sha256(readFileSync(join(work, file)))}  ${file}\n`);
    writeFileSync(join(work, `${file}.sha256`), digestLine);
    const check = await run('sha256sum', ['-c', `${file}.sha256`], { PATH: '/usr/bin:/bin' }, work);
    expect(check).toMatchObject({ code: 0, stdout: `${file}: OK\n` });
  });

  it('stowage.cjs, downloaded into an empty directory, runs on Node.js with no install step and uploads a tree', async () => {
    const cli = await download('stowage.cjs', work);
    const expected = writeTree(work);
    const env = jobEnv(work, '/usr/bin:/bin');

    expect(await run(process.execPath, [cli, '--version'], env, work)).toMatchObject({ code: 0, stdout: `${workspaceVersion}\n` });
    const result = await run(process.execPath, [cli, 'store-artifacts', '--path', 'artifacts', '--destination', 'reports'], env, work);

    expect(result.stderr).not.toContain('warning');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Stored 3 files/) });
    expect(await availableArtifacts(Number(env.CIRCLE_BUILD_NUM))).toEqual(expected);
  }, 60_000);

  it('stowage-linux-x64, downloaded into an empty directory, runs with no node on PATH and uploads a tree', async () => {
    const cli = await download('stowage-linux-x64', work);
    chmodSync(cli, 0o755);
    const expected = writeTree(work);
    // PATH is one empty directory: no node anywhere the executable could find one.
    const bin = join(work, 'empty-bin');
    mkdirSync(bin);
    const env = jobEnv(work, bin);
    expect(env.PATH.split(delimiter).some((dir) => existsSync(join(dir, 'node')))).toBe(false);

    expect(await run(cli, ['--version'], env, work)).toMatchObject({ code: 0, stdout: `${workspaceVersion}\n`, stderr: '' });
    const result = await run(cli, ['store-artifacts', '--path', 'artifacts', '--destination', 'reports'], env, work);

    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Stored 3 files/) });
    expect(await availableArtifacts(Number(env.CIRCLE_BUILD_NUM))).toEqual(expected);
  }, 60_000);
});
