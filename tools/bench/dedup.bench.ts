import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SpawnedPlatform } from '@stowage/testing';
import { GiB, MiB, cliEntry, median, randomFile, timeCommand, withBenchDatabase, withPlatform } from './bench-platform';

/**
 * Content-addressed storage, in numbers (issue 13): many small files fresh and again unchanged; a
 * large file fresh and again next to `sha256sum` of it; a large upload killed half-way and run
 * again, counted by the receiving API; four containers uploading one tree at once, by `du -sb` of
 * the store. Filesystem and S3 side by side where the issue asks for both.
 * usage: dedup.bench.js [--storage filesystem|s3|all] [--runs 3] [--large 1GiB] [--tree 200MiB]
 */
const { values: options } = parseArgs({
  options: {
    storage: { type: 'string', default: 'all' },
    runs: { type: 'string', default: '3' },
    large: { type: 'string', default: '1GiB' },
    tree: { type: 'string', default: '200MiB' },
    rows: { type: 'string', default: 'small,large,resume,containers' },
  },
});
const RUNS = Number(options.runs);
const rows = new Set(options.rows.split(','));
const parseSize = (text: string) => {
  const match = /^(\d+(?:\.\d+)?)\s*(GiB|MiB|KiB)?$/i.exec(text.trim());
  if (!match) throw new Error(`a size wants bytes or a number with KiB, MiB or GiB, not ${text}`);
  return Math.round(Number(match[1]) * ({ gib: GiB, mib: MiB, kib: 1024 }[match[2]?.toLowerCase() ?? ''] ?? 1));
};
const LARGE = parseSize(options.large);
const TREE = parseSize(options.tree);
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'stowage-dedup-'));
const report = (line: string) => console.log(line);
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

let job = 1;
const cliEnv = (platform: SpawnedPlatform, token: string, jobNumber: number, nodeIndex = 0): NodeJS.ProcessEnv => ({
  ...process.env,
  STOWAGE_URL: platform.baseUrl,
  STOWAGE_TOKEN: token,
  STOWAGE_PROJECT: platform.world.slugs.private,
  CIRCLE_BUILD_NUM: String(jobNumber),
  CIRCLE_NODE_INDEX: String(nodeIndex),
});

async function jobId(platform: SpawnedPlatform, jobNumber: number) {
  return (await platform.platform.db.job.findFirstOrThrow({ where: { projectId: platform.world.projects.private.id, number: jobNumber } })).id;
}

/** Runs the CLI; answers the seconds until `count` artifacts of the job are available. */
async function storeUntilAvailable(platform: SpawnedPlatform, token: string, source: string, count: number, nodeIndex = 0, jobNumber = job++): Promise<number> {
  const started = process.hrtime.bigint();
  await timeCommand(process.execPath, [cliEntry, 'store-artifacts', '--path', source, '--destination', 'out'], cliEnv(platform, token, jobNumber, nodeIndex));
  const id = await jobId(platform, jobNumber);
  while ((await platform.platform.db.artifact.count({ where: { jobId: id, state: 'AVAILABLE' } })) < count) await new Promise((resolve) => setTimeout(resolve, 50));
  return seconds(started);
}

/** `count` files of 4 KiB whose bytes are new in each round (the round is in every file). */
function smallFiles(count: number, round: number): string {
  const dir = path.join(work, `small-${round}`);
  fs.mkdirSync(dir);
  const block = Buffer.alloc(4096);
  block.writeUInt32BE(round, 4);
  for (let i = 0; i < count; i++) {
    block.writeUInt32BE(i, 0);
    fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, '0')}.txt`), block);
  }
  return dir;
}

/** Bytes the API process has read (sockets included) since it started: what it received. */
const apiReadBytes = (pid: number) => Number(/rchar:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
const duBytes = (dir: string) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);

/** A member's personal token: it may skip stored bytes (and exists on builds older than the upload-read scope). */
const readerToken = (platform: SpawnedPlatform) => platform.world.tokens.member;

async function smallRow(storage: 'filesystem' | 's3') {
  await withPlatform(storage, async (platform) => {
    const token = readerToken(platform);
    const fresh = [];
    const again = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = smallFiles(10_000, `${storage}`.length * 100 + i);
      fresh.push(await storeUntilAvailable(platform, token, dir, 10_000));
      again.push(await storeUntilAvailable(platform, token, dir, 10_000));
      fs.rmSync(dir, { recursive: true });
    }
    report(`10,000 × 4 KiB on ${storage}: fresh ${(10_000 / median(fresh)).toFixed(0)} files/s (target ≥ 1,500), again as a new job ${(10_000 / median(again)).toFixed(0)} files/s (target ≥ 5,000); medians of ${RUNS}, until all available`);
  });
}

async function largeRow() {
  await withPlatform('filesystem', async (platform) => {
    const token = readerToken(platform);
    const rounds: Array<{ hash: number; fresh: number; again: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const file = randomFile(work, `large-${i}.bin`, LARGE);
      const hash = await timeCommand('sha256sum', [file]);
      const fresh = await storeUntilAvailable(platform, token, file, 1);
      const again = await storeUntilAvailable(platform, token, file, 1);
      rounds.push({ hash, fresh, again });
      fs.rmSync(file);
    }
    const m = (key: 'hash' | 'fresh' | 'again') => median(rounds.map((r) => r[key]));
    report(
      `${LARGE / MiB} MiB on filesystem: fresh ${m('fresh').toFixed(2)} s (${(LARGE / MiB / m('fresh')).toFixed(0)} MiB/s), again as a new job ${m('again').toFixed(2)} s; ` +
        `sha256sum ${m('hash').toFixed(2)} s → limit 1.25 × ${m('hash').toFixed(2)} + 0.3 = ${(1.25 * m('hash') + 0.3).toFixed(2)} s; medians of ${RUNS}`,
    );
  });
}

async function resumeRow() {
  await withPlatform('filesystem', async (platform) => {
    const token = platform.world.tokens.privateUpload;
    const file = randomFile(work, 'resume.bin', LARGE);
    const shares = [];
    for (let i = 0; i < RUNS; i++) {
      const jobNumber = job++;
      const env = cliEnv(platform, token, jobNumber);
      const before = apiReadBytes(platform.pids.api);
      const child = spawn(process.execPath, [cliEntry, 'store-artifacts', '--path', file, '--destination', 'out'], { env, stdio: 'ignore' });
      // Killed once the API has received about half the file; the re-run (same job, path and file) resumes.
      while (apiReadBytes(platform.pids.api) - before < LARGE / 2) await new Promise((resolve) => setTimeout(resolve, 5));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const firstRun = apiReadBytes(platform.pids.api) - before;
      const rerunFrom = apiReadBytes(platform.pids.api);
      await storeUntilAvailable(platform, token, file, 1, 0, jobNumber);
      const secondRun = apiReadBytes(platform.pids.api) - rerunFrom;
      shares.push({ firstRun, secondRun });
    }
    const second = median(shares.map((s) => s.secondRun));
    report(
      `${LARGE / MiB} MiB killed at about half-way, run again: the API received ${shares.map((s) => `${(s.firstRun / MiB).toFixed(0)} + ${(s.secondRun / MiB).toFixed(0)} MiB`).join(', ')}; ` +
        `the second run sent ${((second / LARGE) * 100).toFixed(0)}% of the file (median; target ≤ 60%)`,
    );
  });
}

async function containersRow(storage: 'filesystem' | 's3') {
  const tree = path.join(work, 'tree');
  if (!fs.existsSync(tree)) {
    fs.mkdirSync(tree);
    const files = 20;
    for (let i = 0; i < files; i++) randomFile(tree, `part-${i}.bin`, TREE / files);
  }
  await withPlatform(storage, async (platform) => {
    const store = storage === 's3' ? platform.s3!.directory : platform.env.DATA_DIR;
    const before = duBytes(store);
    const jobNumber = job++;
    const started = process.hrtime.bigint();
    // Upload-only tokens: every container sends every byte; the server keeps them once.
    await Promise.all([0, 1, 2, 3].map((node) => storeUntilAvailable(platform, platform.world.tokens.privateUpload, tree, 20, node, jobNumber)));
    const id = await jobId(platform, jobNumber);
    while ((await platform.platform.db.artifact.count({ where: { jobId: id, state: 'AVAILABLE' } })) < 80) await new Promise((resolve) => setTimeout(resolve, 50));
    await platform.waitForFinalization(id);
    // Dropped duplicates are deleted right after finalization: give the store a moment to settle.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const grown = duBytes(store) - before;
    report(`4 containers × the same ${TREE / MiB} MiB tree at once on ${storage}: ${seconds(started).toFixed(1)} s, the store grew by ${(grown / MiB).toFixed(0)} MiB (du -sb; target about ${TREE / MiB}, not ${(4 * TREE) / MiB})`);
  });
}

async function main() {
  const drivers = options.storage === 'all' ? (['filesystem', 's3'] as const) : [options.storage as 'filesystem' | 's3'];
  await withBenchDatabase(async () => {
    if (rows.has('small')) for (const storage of drivers) await smallRow(storage);
    if (rows.has('large')) await largeRow();
    if (rows.has('resume')) await resumeRow();
    if (rows.has('containers')) for (const storage of drivers) await containersRow(storage);
  });
  console.log(`\non ${os.cpus().length} cores (load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
