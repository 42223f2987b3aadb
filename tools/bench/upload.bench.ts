import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createApiClient } from '@stowage/api-client';
import type { SpawnedPlatform } from '@stowage/testing';
import { GiB, MiB, cliEntry, fmt, median, peakRss, randomFile, randomName, resetPeakRss, sha256File, timeCommand, withBenchDatabase, withPlatform, workspaceRoot } from './bench-platform';

/**
 * Issue 4's numbers, in one run: 1 GiB through CLI + API (filesystem) next to a bare node:http server
 * fed by curl and next to dd; the same file through the S3 path next to a direct PUT to the same S3
 * server; the API's peak RSS for 1 GiB and 3 GiB uploads; and 10,000 small files end to end.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const size = Number(process.env.BENCH_UPLOAD_BYTES ?? GiB);
const work = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'stowage-bench-'));
const results: string[] = [];
const report = (line: string) => {
  results.push(line);
  console.log(line);
};

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
  const completed = [];
  for (const part of parts) {
    const headers = Object.entries(part.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    const { stdout } = await promisify(execFile)('curl', ['-sS', '-f', '-X', 'PUT', '-T', file, ...headers, part.url], { encoding: 'utf8' });
    completed.push({ partNumber: part.partNumber, etag: (JSON.parse(stdout) as { etag: string }).etag });
  }
  await api.call('completeUploads', { body: { uploads: [{ artifactId, parts: completed }] } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await platform.waitForFinalization(jobId);
  return seconds;
}

/** Sends `file` as a multipart upload of 64 MiB parts through the SDK; returns the seconds CompleteMultipartUpload took. */
async function timedMultipartCompletion(client: S3Client, bucket: string, file: string, bytes: number): Promise<number> {
  const Key = `multipart-${randomName()}`;
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
  const partSize = 64 * MiB;
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

async function main() {
  const file = randomFile(work, 'one-gib.bin', size);
  let job = 1;

  // dd: the disk itself.
  const dd = [];
  for (let i = 0; i < RUNS; i++) dd.push(await timeCommand('dd', [`if=${file}`, `of=${path.join(work, 'dd.out')}`, `bs=${MiB}`, 'conv=fdatasync', 'status=none']));
  const ddRate = size / median(dd);

  await withBenchDatabase(async () => {
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
      report(`upload 1 GiB, filesystem: CLI+API ${fmt(rate)} | bare node:http ${fmt(bareRate)} | dd conv=fdatasync ${fmt(ddRate)} | CLI+API = ${(median(ratios) * 100).toFixed(0)}% of bare, median of the rounds' ratios (${percents(ratios)}) (target ≥ 85%)`);
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

      // 10,000 files of 4 KiB, counted until every one is available.
      const dir = path.join(work, 'small');
      fs.mkdirSync(dir);
      const block = Buffer.alloc(4096);
      for (let i = 0; i < 10_000; i++) {
        block.writeUInt32BE(i, 0);
        fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, '0')}.txt`), block);
      }
      const smallJob = job++;
      const started = process.hrtime.bigint();
      await timeCommand(process.execPath, [cliEntry, 'store-artifacts', '--path', dir, '--destination', 'small', '--concurrency', '16'], cliEnv(platform.baseUrl, token, platform.world.slugs.private, smallJob));
      const jobRow = await platform.platform.db.job.findFirstOrThrow({ where: { projectId: platform.world.projects.private.id, number: smallJob } });
      for (;;) {
        const available = await platform.platform.db.artifact.count({ where: { jobId: jobRow.id, state: 'AVAILABLE' } });
        if (available >= 10_000) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      report(`10,000 files of 4 KiB via the CLI until all available: ${seconds.toFixed(1)} s = ${(10_000 / seconds).toFixed(0)} files/s (target ≥ 300)`);
    });

    // CLI → presigned parts → S3-compatible server, next to a direct PUT to the same server.
    await withPlatform('s3', async (platform) => {
      const s3 = platform.s3!;
      const client = new S3Client({ region: s3.options.region, endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.options.accessKeyId, secretAccessKey: s3.options.secretAccessKey } });
      const direct = [];
      for (let i = 0; i < RUNS; i++) {
        const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: s3.bucket, Key: `direct-${i}` }), { expiresIn: 600 });
        direct.push(await timeCommand('curl', ['-sS', '-o', '/dev/null', '-T', file, url]));
      }
      // What any multipart upload costs on this server beyond its parts: s3rver completes one by
      // reading every part back and writing the object again (its putObjectMultipart → putObject).
      const completions = [];
      for (let i = 0; i < RUNS; i++) completions.push(await timedMultipartCompletion(client, s3.bucket, file, size));
      client.destroy();
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push(await timedUpload(platform, file, `s3-${i}.bin`, job++));
      const rate = size / median(times);
      const directRate = size / median(direct);
      report(`upload 1 GiB, S3 (s3rver): CLI ${fmt(rate)} | direct PUT ${fmt(directRate)} | CLI = ${((rate / directRate) * 100).toFixed(0)}% of direct (target ≥ 85%)`);
      report(`  s3rver's CompleteMultipartUpload of 1 GiB (SDK, parts already sent) takes ${median(completions).toFixed(1)} s alone = ${((median(completions) / median(direct)) * 100).toFixed(0)}% of a direct PUT`);
    });
  });
  console.log(`\nmedians of ${RUNS} runs on ${os.cpus().length} cores`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
