import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify, parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createApiClient } from '@stowage/api-client';
import { createS3Client, s3PartSize } from '@stowage/server-storage';
import type { SpawnedPlatform } from '@stowage/testing';
import { GiB, MiB, cliEntry, fmt, median, peakRss, randomFile, randomName, resetPeakRss, sha256File, timeCommand, withBenchDatabase, withPlatform, workspaceRoot } from './bench-platform';
import { machineBusyCpuMs, postgresCpuMs, processCpuMs, waitedChildrenCpuMs } from './cpu-usage';

/**
 * Issue 4's numbers, in one run: 1 GiB through CLI + API (filesystem) next to a bare node:http server
 * fed by curl and next to dd; the same file through the S3 path next to the AWS SDK's own multipart
 * upload to the same S3 server (and a direct PUT); the API's peak RSS for 1 GiB and 3 GiB uploads;
 * and 10,000 small files end to end (the batch stream), on both storages.
 * usage: upload.bench.js [--size 256MiB] [--runs 5] [--storage filesystem|s3|all] [--small-files] [--threshold]
 * (--small-files: only the 10,000 small files; --threshold: only the per-file vs batch comparison by file size)
 * (environment: BENCH_UPLOAD_BYTES, BENCH_RUNS and BENCH_DIR, the temporary files' directory)
 */
const { values: options } = parseArgs({
  options: {
    size: { type: 'string', default: process.env.BENCH_UPLOAD_BYTES ?? '1GiB' },
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '5' },
    storage: { type: 'string', default: 'all' },
    /** Only the small-files row (10,000 × 4 KiB), on the chosen storage. */
    'small-files': { type: 'boolean', default: false },
    /** Only the comparison that chose the CLI's batch threshold: per-file protocol vs batch stream by file size. */
    threshold: { type: 'boolean', default: false },
  },
});
const RUNS = Number(options.runs);
const size = parseSize(options.size);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs wants a positive integer, not ${options.runs}`);
if (!['filesystem', 's3', 'all'].includes(options.storage)) throw new Error(`--storage wants filesystem, s3 or all, not ${options.storage}`);
const sizeLabel = size % GiB === 0 ? `${size / GiB} GiB` : size % MiB === 0 ? `${size / MiB} MiB` : `${size} bytes`;
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'stowage-bench-'));
const results: string[] = [];
const report = (line: string) => {
  results.push(line);
  console.log(line);
};

/** "256MiB", "1GiB", "1.5GiB" or a byte count. */
function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(GiB|MiB|KiB)?$/i.exec(text.trim());
  if (!match) throw new Error(`--size wants bytes or a number with KiB, MiB or GiB, not ${text}`);
  const unit = { gib: GiB, mib: MiB, kib: 1024 }[match[2]?.toLowerCase() ?? ''] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function cliEnv(baseUrl: string, token: string, project: string, job: number): NodeJS.ProcessEnv {
  return { ...process.env, STOWAGE_URL: baseUrl, STOWAGE_TOKEN: token, STOWAGE_PROJECT: project, CIRCLE_BUILD_NUM: String(job), CIRCLE_NODE_INDEX: '0' };
}

/**
 * One timed CLI upload of `file`, then (untimed) its finalization, so the next run does not share
 * the machine with this one's verification (on S3 the worker reads the object back to hash it).
 */
async function timedUpload(platform: SpawnedPlatform, file: string, destination: string, jobNumber: number): Promise<number> {
  const env = cliEnv(platform.baseUrl, platform.world.tokens.privateUpload, platform.world.slugs.private, jobNumber);
  const seconds = await timeCommand(process.execPath, [cliEntry, 'store-artifacts', '--path', file, '--destination', destination], env);
  const job = await platform.platform.db.job.findFirstOrThrow({ where: { projectId: platform.world.projects.private.id, number: jobNumber } });
  await platform.waitForFinalization(job.id);
  return seconds;
}

/**
 * The API alone, fed by curl as the bare server is: create the upload, PUT its one part with curl,
 * complete; the sha256 is computed beforehand (the CLI hashes while it sends, curl does not hash).
 * Timed from creation to completion; finalization waits untimed, as for the CLI.
 */
async function timedCurlThroughApi(platform: SpawnedPlatform, file: string, sha256: string, destination: string, jobNumber: number): Promise<number> {
  const api = createApiClient({ baseUrl: platform.baseUrl, token: platform.world.tokens.privateUpload });
  const started = process.hrtime.bigint();
  const { jobId, uploads } = await api.call('createUploads', {
    body: { project: platform.world.slugs.private, jobNumber, files: [{ path: destination, size, sha256, fileMode: 0o644 }] },
  });
  const [{ artifactId, parts }] = uploads;
  // The file in its parts' pieces (split once, untimed: curl sends a whole file), sent by as many
  // curls at once as the CLI sends parts (its default --concurrency).
  const pieces = splitIntoParts(file, parts.length > 1 ? parts[0].length : size);
  const completed: Array<{ partNumber: number; etag: string }> = [];
  const queue = [...parts];
  await Promise.all(
    Array.from({ length: CLI_CONCURRENCY }, async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const headers = Object.entries(part.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
        const { stdout } = await promisify(execFile)('curl', ['-sS', '-f', '-X', 'PUT', '-T', pieces[part.partNumber - 1]!, ...headers, part.url], { encoding: 'utf8' });
        completed.push({ partNumber: part.partNumber, etag: (JSON.parse(stdout) as { etag: string }).etag });
      }
    }),
  );
  completed.sort((a, b) => a.partNumber - b.partNumber);
  await api.call('completeUploads', { body: { uploads: [{ artifactId, parts: completed }] } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await platform.waitForFinalization(jobId);
  return seconds;
}

const splitCache = new Map<string, string[]>();
/** `file` cut into pieces of `partSize` bytes (the last shorter), in order; the file itself when it is one part. */
function splitIntoParts(file: string, partSize: number): string[] {
  if (partSize >= size) return [file];
  const key = `${file}:${partSize}`;
  if (!splitCache.has(key)) {
    const dir = fs.mkdtempSync(path.join(work, 'pieces-'));
    execFileSync('split', ['-b', String(partSize), '-d', '-a', '4', file, path.join(dir, 'part-')]);
    splitCache.set(key, fs.readdirSync(dir).sort().map((name) => path.join(dir, name)));
  }
  return splitCache.get(key)!;
}

/** Sends `file` as a multipart upload of `partSize` parts through the SDK, one after another; returns the seconds CompleteMultipartUpload took. */
async function timedMultipartCompletion(client: S3Client, bucket: string, file: string, bytes: number, partSize: number): Promise<number> {
  const Key = `multipart-${randomName()}`;
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
  const Parts = [];
  for (let offset = 0, PartNumber = 1; offset < bytes; offset += partSize, PartNumber++) {
    const ContentLength = Math.min(partSize, bytes - offset);
    const Body = fs.createReadStream(file, { start: offset, end: offset + ContentLength - 1 });
    const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body, ContentLength }));
    Parts.push({ PartNumber, ETag });
  }
  const started = process.hrtime.bigint();
  await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts } }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function bareServer(): Promise<{ port: number; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(work, 'bare-'));
  const child = spawn(process.execPath, [path.join(workspaceRoot, 'tools/bench/bare-upload-server.cjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  return { port, stop: () => child.kill() };
}

/** A directory of `count` files of `bytes` each (distinct contents, so no two are one blob). */
function smallTree(name: string, count: number, bytes: number): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  const block = Buffer.alloc(bytes);
  for (let i = 0; i < count; i++) {
    block.writeUInt32BE(i, 0);
    fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, '0')}.txt`), block);
  }
  return dir;
}

/** Seconds from starting the CLI on `dir` until every one of its `count` files is available. */
async function untilAvailable(platform: SpawnedPlatform, dir: string, count: number, extraArgs: string[] = []): Promise<number> {
  const jobNumber = job++;
  const started = process.hrtime.bigint();
  await timeCommand(process.execPath, [cliEntry, 'store-artifacts', '--path', dir, '--destination', 'small', '--concurrency', '16', ...extraArgs], cliEnv(platform.baseUrl, platform.world.tokens.privateUpload, platform.world.slugs.private, jobNumber));
  const jobRow = await platform.platform.db.job.findFirstOrThrow({ where: { projectId: platform.world.projects.private.id, number: jobNumber } });
  for (;;) {
    const available = await platform.platform.db.artifact.count({ where: { jobId: jobRow.id, state: 'AVAILABLE' } });
    if (available >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** 10,000 files of 4 KiB via the CLI (batch stream, the default), counted until every one is available. */
async function smallFiles(platform: SpawnedPlatform, storage: 'filesystem' | 's3') {
  const dir = smallTree(`small-${storage}`, 10_000, 4096);
  const cpu = () => ({ cli: waitedChildrenCpuMs(), api: processCpuMs(platform.pids.api), worker: processCpuMs(platform.pids.worker), postgres: postgresCpuMs(), machine: machineBusyCpuMs() });
  const before = cpu();
  const seconds = await untilAvailable(platform, dir, 10_000);
  const after = cpu();
  const spent = (key: keyof typeof before) => ((after[key] - before[key]) / 1000).toFixed(1);
  const others = (after.machine - before.machine - (['cli', 'api', 'worker', 'postgres'] as const).reduce((sum, key) => sum + after[key] - before[key], 0)) / 1000;
  report(`10,000 files of 4 KiB via the CLI until all available, ${storage}: ${seconds.toFixed(1)} s = ${(10_000 / seconds).toFixed(0)} files/s (target ≥ 1,500 on the filesystem)`);
  report(`  CPU seconds: CLI ${spent('cli')} + API ${spent('api')} + worker ${spent('worker')} + PostgreSQL ${spent('postgres')} | everything else on the machine meanwhile ${others.toFixed(1)} (of ${(2 * seconds).toFixed(1)} on 2 cores)`);
}

/**
 * What chose the CLI's --batch-threshold: the same files through the per-file protocol
 * (--batch-threshold 0) and through batches, at 64 KiB, 1 MiB and 8 MiB per file (64 MiB each).
 */
async function thresholdComparison(platform: SpawnedPlatform, storage: 'filesystem' | 's3') {
  for (const [label, bytes, count] of [['64 KiB', 64 * 1024, 1024], ['1 MiB', MiB, 64], ['8 MiB', 8 * MiB, 8]] as const) {
    const dir = smallTree(`threshold-${storage}-${bytes}`, count, bytes);
    const perFile = await untilAvailable(platform, dir, count, ['--batch-threshold', '0']);
    const batched = await untilAvailable(platform, dir, count, ['--batch-threshold', String(8 * MiB)]);
    report(`${count} files of ${label}, ${storage}: per-file protocol ${perFile.toFixed(2)} s (${(count / perFile).toFixed(0)} files/s) | batch stream ${batched.toFixed(2)} s (${(count / batched).toFixed(0)} files/s)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (options['small-files'] || options.threshold) {
    await withBenchDatabase(async () => {
      for (const storage of ['filesystem', 's3'] as const) {
        if (options.storage !== 'all' && options.storage !== storage) continue;
        await withPlatform(storage, async (platform) => {
          if (options.threshold) await thresholdComparison(platform, storage);
          if (options['small-files']) await smallFiles(platform, storage);
        });
      }
    });
    console.log(`\non ${os.cpus().length} cores (load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    return;
  }
  const file = randomFile(work, 'upload.bin', size);
  await withBenchDatabase(async () => {
    if (options.storage !== 's3') await filesystemUploads(file);
    if (options.storage !== 'filesystem') await withPlatform('s3', (platform) => s3Uploads(platform, file));
  });
  console.log(`\nmedians of ${RUNS} rounds of ${sizeLabel} on ${os.cpus().length} cores (load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
}

let job = 1;

async function filesystemUploads(file: string) {
  // dd: the disk itself.
  const dd = [];
  for (let i = 0; i < RUNS; i++) dd.push(await timeCommand('dd', [`if=${file}`, `of=${path.join(work, 'dd.out')}`, `bs=${MiB}`, 'conv=fdatasync', 'status=none']));
  const ddRate = size / median(dd);

  // CLI → API → filesystem driver, next to the bare server fed by curl, and next to the API fed
  // by curl (the server's share alone: on two cores the CLI's hashing competes with the API).
  // They take turns, run for run: a 1 GiB write ends in an fdatasync whose cost swings with the
  // disk's state (2× here between consecutive runs), so the ratios are taken per round.
  await withPlatform('filesystem', async (platform) => {
    const token = platform.world.tokens.privateUpload;
    const sha256 = sha256File(file);
    const bare = await bareServer();
    const times = [];
    const bareTimes = [];
    const curlTimes = [];
    const ratios = [];
    const curlRatios = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        bareTimes.push(await timeCommand('curl', ['-sS', '-o', '/dev/null', '-T', file, `http://127.0.0.1:${bare.port}/`]));
        times.push(await timedUpload(platform, file, `run-${i}.bin`, job++));
        curlTimes.push(await timedCurlThroughApi(platform, file, sha256, `curl-${i}.bin`, job++));
        ratios.push(bareTimes[i] / times[i]);
        curlRatios.push(bareTimes[i] / curlTimes[i]);
      }
    } finally {
      bare.stop();
    }
    const rate = size / median(times);
    const bareRate = size / median(bareTimes);
    const percents = (values: number[]) => values.map((r) => (r * 100).toFixed(0)).join(', ');
    report(`upload ${sizeLabel}, filesystem: CLI+API ${fmt(rate)} | bare node:http ${fmt(bareRate)} | dd conv=fdatasync ${fmt(ddRate)} | CLI+API = ${(median(ratios) * 100).toFixed(0)}% of bare, median of the rounds' ratios (${percents(ratios)}) (target ≥ 85%)`);
    report(`  curl → API (create, PUT, complete) ${fmt(size / median(curlTimes))} = ${(median(curlRatios) * 100).toFixed(0)}% of bare (${percents(curlRatios)}): the server's share`);

    // Peak RSS of the API, flat in file size: 1 GiB, then 3 GiB.
    const rss: string[] = [];
    for (const bytes of [GiB, 3 * GiB]) {
      const big = bytes === size ? file : randomFile(work, `rss-${bytes}.bin`, bytes);
      resetPeakRss(platform.pids.api);
      await timeCommand(process.execPath, [cliEntry, 'store-artifacts', '--path', big, '--destination', `rss-${bytes}.bin`], cliEnv(platform.baseUrl, token, platform.world.slugs.private, job++));
      rss.push(`${bytes / GiB} GiB → ${(peakRss(platform.pids.api) / MiB).toFixed(0)} MB`);
      if (big !== file) fs.rmSync(big);
    }
    report(`API peak RSS during upload: ${rss.join(', ')} (target < 200 MB, flat)`);

    await smallFiles(platform, 'filesystem');
  });
}

/** The CLI's default `--concurrency` (apps/cli/src/store-artifacts-options.ts): both sides of the S3 comparison use it. */
const CLI_CONCURRENCY = 4;

interface ChildReport {
  /** Timed inside the child, from after module loading until the upload was completed. */
  seconds: number;
  /** CPU of the timed part, and of the whole process so far. */
  cpuSeconds: number;
  processCpuSeconds: number;
  /** Node start-up to exit, timed here. */
  wallSeconds: number;
}

async function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildReport> {
  const started = process.hrtime.bigint();
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, script), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...(JSON.parse(stdout) as Omit<ChildReport, 'wallSeconds'>), wallSeconds };
}

/** CPU seconds of the processes that take part in an S3 upload, and of the machine as a whole. */
function cpuSnapshot(platform: SpawnedPlatform) {
  const { user, system } = process.cpuUsage();
  return {
    api: processCpuMs(platform.pids.api) / 1000,
    worker: processCpuMs(platform.pids.worker) / 1000,
    // s3rver runs inside this process (it is idle otherwise while a child uploads).
    s3rver: (user + system) / 1e6,
    machine: machineBusyCpuMs() / 1000,
  };
}

function cpuDelta(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>, client: ChildReport) {
  const api = after.api - before.api;
  const worker = after.worker - before.worker;
  const s3rver = after.s3rver - before.s3rver;
  // Whatever else ran on the machine meanwhile (other people's work, PostgreSQL, the kernel's share).
  const others = after.machine - before.machine - api - worker - s3rver - client.processCpuSeconds;
  return { client: client.cpuSeconds, api, worker, s3rver, others };
}

/**
 * CLI → API → presigned parts → s3rver, next to the AWS SDK's own multipart upload (lib-storage's
 * Upload) of the same file to the same s3rver: both with the server's part size and the CLI's
 * concurrency, both hashing every byte with SHA-256 as they send, both in a process of their own
 * timed from after module loading until the upload is completed. The CLI's time also holds what
 * only it does: the API's create (CreateMultipartUpload and presigning) and complete
 * (CompleteMultipartUpload and the artifact's row). They alternate which goes first, round by
 * round, and the ratio is taken per round, so the shared machine's noise hits both. A direct PUT
 * of the same file is printed beside: s3rver stores it without the copy of every byte it makes
 * on each CompleteMultipartUpload, so no multipart upload can match it here.
 */
async function s3Uploads(platform: SpawnedPlatform, file: string) {
  const s3 = platform.s3!;
  const partSize = s3PartSize(size);
  const client = createS3Client(s3.options);
  const env = cliEnv(platform.baseUrl, platform.world.tokens.privateUpload, platform.world.slugs.private, 0);
  const sha256 = sha256File(file);
  const rounds: Array<{ cli: ChildReport; sdk: ChildReport; direct: number; completion: number; cliCpu: ReturnType<typeof cpuDelta>; sdkCpu: ReturnType<typeof cpuDelta> }> = [];

  const runCliUpload = async (round: number) => {
    const jobNumber = job++;
    const before = cpuSnapshot(platform);
    const report = await runChild('cli-upload-process.js', [cliEntry, 'store-artifacts', '--path', file, '--destination', `s3-${round}.bin`, '--concurrency', String(CLI_CONCURRENCY)], { ...env, CIRCLE_BUILD_NUM: String(jobNumber) });
    const cpu = cpuDelta(before, cpuSnapshot(platform), report);
    // Untimed: the worker reads the object back to verify it; the next upload must not share the machine with that.
    const jobRow = await platform.platform.db.job.findFirstOrThrow({ where: { projectId: platform.world.projects.private.id, number: jobNumber } });
    await platform.waitForFinalization(jobRow.id);
    const artifact = await platform.platform.db.artifact.findFirstOrThrow({ where: { jobId: jobRow.id } });
    if (artifact.state !== 'AVAILABLE') throw new Error(`the CLI's upload of round ${round} ended ${artifact.state}`);
    return { report, cpu };
  };
  const runSdkUpload = async (round: number) => {
    const before = cpuSnapshot(platform);
    const report = await runChild('sdk-upload-process.js', [JSON.stringify({ file, key: `sdk-${round}-${randomName()}`, partSize, queueSize: CLI_CONCURRENCY, s3: s3.options })]);
    const cpu = cpuDelta(before, cpuSnapshot(platform), report);
    const sent = (report as ChildReport & { sha256: string }).sha256;
    if (sent !== sha256) throw new Error(`the SDK's upload hashed ${sent}, the file is ${sha256}`);
    return { report, cpu };
  };

  for (let round = 0; round < RUNS; round++) {
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: s3.bucket, Key: `direct-${round}` }), { expiresIn: 600 });
    const direct = await timeCommand('curl', ['-sS', '-o', '/dev/null', '-T', file, url]);
    let cli: Awaited<ReturnType<typeof runCliUpload>>;
    let sdk: Awaited<ReturnType<typeof runSdkUpload>>;
    if (round % 2 === 0) {
      sdk = await runSdkUpload(round);
      cli = await runCliUpload(round);
    } else {
      cli = await runCliUpload(round);
      sdk = await runSdkUpload(round);
    }
    // What any multipart upload costs on this server beyond its parts: s3rver completes one by
    // reading every part back and writing the object again (its putObjectMultipart → putObject).
    const completion = await timedMultipartCompletion(client, s3.bucket, file, size, partSize);
    rounds.push({ cli: cli.report, sdk: sdk.report, direct, completion, cliCpu: cli.cpu, sdkCpu: sdk.cpu });
    console.log(
      `  round ${round + 1} (${round % 2 === 0 ? 'SDK first' : 'CLI first'}): CLI ${rounds[round].cli.seconds.toFixed(2)} s, SDK ${rounds[round].sdk.seconds.toFixed(2)} s` +
        ` → CLI = ${((sdk.report.seconds / cli.report.seconds) * 100).toFixed(0)}% of SDK; direct PUT ${direct.toFixed(2)} s; CompleteMultipartUpload alone ${completion.toFixed(2)} s` +
        ` | CPU s, CLI round: CLI ${cli.cpu.client.toFixed(2)} API ${cli.cpu.api.toFixed(2)} s3rver ${cli.cpu.s3rver.toFixed(2)} others ${cli.cpu.others.toFixed(2)};` +
        ` SDK round: SDK ${sdk.cpu.client.toFixed(2)} s3rver ${sdk.cpu.s3rver.toFixed(2)} others ${sdk.cpu.others.toFixed(2)}`,
    );
  }
  client.destroy();

  const m = (pick: (round: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const ratios = rounds.map((r) => r.sdk.seconds / r.cli.seconds);
  const percents = (values: number[]) => values.map((r) => (r * 100).toFixed(0)).join(', ');
  const parts = `${Math.ceil(size / partSize)} parts of ${partSize / MiB} MiB, ${CLI_CONCURRENCY} at once`;
  report(
    `upload ${sizeLabel}, S3 (s3rver), ${parts}: CLI ${fmt(size / m((r) => r.cli.seconds))} | SDK multipart Upload ${fmt(size / m((r) => r.sdk.seconds))}` +
      ` | CLI = ${(median(ratios) * 100).toFixed(0)}% of SDK, median of the rounds' ratios (${percents(ratios)}) (target ≥ 90%)`,
  );
  report(`  CLI: create + parts + complete through the API, SHA-256 of every byte; SDK: lib-storage Upload with the S3 driver's client, SHA-256 of the stream it reads; both timed in their own process from after module loading until completion returned`);
  const directRatios = rounds.map((r) => r.direct / r.cli.seconds);
  report(
    `  direct PUT (curl, one request) ${fmt(size / m((r) => r.direct))}: CLI = ${(median(directRatios) * 100).toFixed(0)}% of it (${percents(directRatios)}), no target:` +
      ` s3rver stores a PUT without the copy of every byte it makes on CompleteMultipartUpload, which alone takes ${m((r) => r.completion).toFixed(2)} s for ${sizeLabel}`,
  );
  report(`  whole processes, Node start-up to exit: CLI ${m((r) => r.cli.wallSeconds).toFixed(2)} s | SDK ${m((r) => r.sdk.wallSeconds).toFixed(2)} s`);
  report(
    `  CPU seconds per upload (medians): CLI ${m((r) => r.cliCpu.client).toFixed(2)} + API ${m((r) => r.cliCpu.api).toFixed(2)} + s3rver ${m((r) => r.cliCpu.s3rver).toFixed(2)}` +
      ` | SDK ${m((r) => r.sdkCpu.client).toFixed(2)} + s3rver ${m((r) => r.sdkCpu.s3rver).toFixed(2)} | everything else on the machine meanwhile: ${m((r) => r.cliCpu.others).toFixed(2)} | ${m((r) => r.sdkCpu.others).toFixed(2)}`,
  );
  await smallFiles(platform, 's3');
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
