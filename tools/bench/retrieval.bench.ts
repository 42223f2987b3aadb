import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, type SpawnedPlatform } from '@stowage/testing';
import { GiB, cliEntry, fmt, median, randomFile, sha256File, timeCommand, withBenchDatabase, withPlatform, workspaceRoot } from './bench-platform';
import { machineBusyCpuMs, postgresCpuMs, processCpuMs } from './cpu-usage';
import { openLoop } from './open-loop';

/**
 * Issue 5's numbers: v2 list at a fixed 300 req/s (open loop) and the highest rate at 50
 * connections for a job of 10,000 artifacts; the v1.1 full list of the same job; comparing it with
 * another job of 10,000 (p50/p99 of 200 sequential requests); and the download
 * of a 1 GiB artifact from the filesystem driver next to nginx serving the same file with sendfile.
 * Issue 14's: `download-artifacts` of that 1 GiB next to curl, and of 10,000 × 4 KiB files next to
 * the CircleCI docs' curl | grep | wget pipeline.
 * usage: retrieval.bench.js [--rows list,compare,download,cli-download,cli-small] [--runs 5] [--small-runs 3] [--cli dist/cli/stowage.cjs]
 */
const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: 'list,compare,download,cli-download,cli-small' },
    runs: { type: 'string', default: '5' },
    'small-runs': { type: 'string', default: '3' },
    // Another build of the bundled CLI (e.g. the one before a change), for an A/B on the same yardstick.
    cli: { type: 'string' },
  },
});
const rows = new Set(options.rows.split(','));
const RUNS = Number(options.runs);
const SMALL_RUNS = Number(options['small-runs']);
const ARTIFACTS = 10_000;
const SMALL_FILES = 10_000;
/** The single-file CLI a CI job downloads from the API's /cli (built with the cli project). */
const cliBundle = options.cli ? path.resolve(options.cli) : path.join(workspaceRoot, 'dist/cli/stowage.cjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-bench-'));

async function nginx(root: string): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  const prefix = fs.mkdtempSync(path.join(work, 'nginx-'));
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `daemon off; user root; worker_processes 1; error_log ${prefix}/error.log; pid ${prefix}/nginx.pid;
events { worker_connections 64; }
http { access_log off; sendfile on; tcp_nopush on; client_body_temp_path ${prefix};
  server { listen 127.0.0.1:${port}; root ${root}; location / { } } }`,
  );
  const child = spawn('nginx', ['-c', path.join(prefix, 'nginx.conf'), '-p', prefix], { stdio: 'ignore' });
  // A missing nginx must fail the benchmark (which then stops the platform), not crash it.
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`nginx did not start (${error.message}); tools/bench/run.sh installs it`))),
  );
  failed.catch(() => undefined);
  for (let i = 0; i < 50; i++) {
    if (await fetch(`http://127.0.0.1:${port}/missing`).then(() => true, () => false)) break;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), failed]);
  }
  return { port, stop: () => child.kill() };
}

/** Where the machine's CPU went while the load ran: the parties of the benchmark, and everything else. */
function cpuSnapshot(pids: { api: number; worker: number }) {
  const self = process.cpuUsage();
  return { api: processCpuMs(pids.api), worker: processCpuMs(pids.worker), postgres: postgresCpuMs(), self: (self.user + self.system) / 1000, busy: machineBusyCpuMs(), at: performance.now() };
}

function cpuSince(before: ReturnType<typeof cpuSnapshot>, pids: { api: number; worker: number }, requests: number) {
  const now = cpuSnapshot(pids);
  const spent = { api: now.api - before.api, worker: now.worker - before.worker, postgres: now.postgres - before.postgres, self: now.self - before.self };
  const other = now.busy - before.busy - spent.api - spent.worker - spent.postgres - spent.self;
  const perRequest = (ms: number) => (ms / requests).toFixed(2);
  return {
    api: perRequest(spent.api),
    worker: perRequest(spent.worker),
    postgres: perRequest(spent.postgres),
    self: perRequest(spent.self),
    other: perRequest(Math.max(0, other)),
    busyPercent: (((now.busy - before.busy) / (now.at - before.at)) * 100).toFixed(0),
  };
}

/** Jobs 1 (10,000 rows) and 3 (the same with 500 changed, 200 added, 200 removed): rows only, for the listings and the compare. */
async function seedListingJobs(platform: SpawnedPlatform) {
  const { db } = platform.platform;
  const project = platform.world.projects.private;
  const job = await platform.platform.context.jobs.upsert(project.id, 1, { status: 'SUCCESS' }, new Date());
  // Rows are what the listings read; the objects behind them do not matter here.
  await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at)
    SELECT gen_random_uuid(), ${job.id}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/test case ' || i || '.xml', 4096, repeat('a', 64), 420,
           'bench/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now()
    FROM generate_series(1, ${ARTIFACTS}) AS i`;
  const job3 = await platform.platform.context.jobs.upsert(project.id, 3, { status: 'SUCCESS' }, new Date());
  await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at)
    SELECT gen_random_uuid(), ${job3.id}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/test case ' || i || '.xml',
           CASE WHEN i <= 500 THEN 5000 ELSE 4096 END, CASE WHEN i <= 500 THEN repeat('b', 64) ELSE repeat('a', 64) END, 420,
           'bench/3/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now()
    FROM generate_series(1, ${ARTIFACTS + 200}) AS i WHERE i <= ${ARTIFACTS - 200} OR i > ${ARTIFACTS}`;
  // A bulk load leaves the planner without statistics; a live table has them (autovacuum).
  await db.$executeRaw`ANALYZE artifacts`;
}

async function listRows(platform: SpawnedPlatform) {
  const headers = { 'circle-token': platform.world.tokens.admin };
  const slug = platform.world.slugs.private;
  const v2 = `${platform.baseUrl}/api/v2/project/${slug}/1/artifacts`;
  const v11 = `${platform.baseUrl}/api/v1.1/project/${slug}/1/artifacts`;

  for (let i = 0; i < 50; i++) await fetch(v2, { headers }).then((r) => r.arrayBuffer()); // warm up
  const cpuBefore = cpuSnapshot(platform.pids);
  const fixed = await openLoop({ url: v2, headers, rate: 300, seconds: 20 });
  const cpu = cpuSince(cpuBefore, platform.pids, fixed.sent);
  console.log(`v2 list page (100 of ${ARTIFACTS}) at a fixed 300 req/s, open loop, 20 s: p50 ${fixed.p50.toFixed(1)} ms, p99 ${fixed.p99.toFixed(1)} ms, max ${fixed.max.toFixed(1)} ms, errors ${fixed.errors} (target p99 < 25 ms)`);
  console.log(`  after the first second: p99 ${fixed.p99AfterFirstSecond.toFixed(1)} ms; first second: max ${fixed.firstSecondMax.toFixed(1)} ms`);
  console.log(`  CPU per request: API ${cpu.api}, PostgreSQL ${cpu.postgres}, load generator ${cpu.self}, worker ${cpu.worker}, anything else ${cpu.other} ms; machine busy ${cpu.busyPercent}% of ${os.cpus().length * 100}%`);

  const closedBefore = cpuSnapshot(platform.pids);
  const closed = await autocannon({ url: v2, headers, connections: 50, duration: 15 });
  const closedCpu = cpuSince(closedBefore, platform.pids, closed.requests.total);
  console.log(`v2 list page, 50 connections, closed loop: ${closed.requests.average.toFixed(0)} req/s sustained, p99 ${closed.latency.p99} ms, non-2xx ${closed.non2xx}`);
  console.log(`  CPU per request: API ${closedCpu.api}, PostgreSQL ${closedCpu.postgres}, load generator ${closedCpu.self}, anything else ${closedCpu.other} ms; machine busy ${closedCpu.busyPercent}% of ${os.cpus().length * 100}%`);

  const v11Times: number[] = [];
  let count = 0;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const body = (await (await fetch(v11, { headers })).json()) as unknown[];
    v11Times.push(performance.now() - started);
    count = body.length;
  }
  v11Times.sort((a, b) => a - b);
  console.log(`v1.1 full list of ${count} artifacts: median ${median(v11Times).toFixed(0)} ms, max ${v11Times[v11Times.length - 1].toFixed(0)} ms over 20 requests (target < 300 ms)`);
}

async function compareRow(platform: SpawnedPlatform) {
  const headers = { 'circle-token': platform.world.tokens.admin };
  const compare = `${platform.baseUrl}/api/stowage/v1/projects/${platform.world.slugs.private}/jobs/3/compare?base=1`;
  for (let i = 0; i < 20; i++) await fetch(compare, { headers }).then((r) => r.arrayBuffer()); // warm up
  const compareTimes: number[] = [];
  let totals: unknown;
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    const body = (await (await fetch(compare, { headers })).json()) as { totals: unknown };
    compareTimes.push(performance.now() - started);
    totals = body.totals;
  }
  compareTimes.sort((a, b) => a - b);
  const p99 = compareTimes[Math.ceil(compareTimes.length * 0.99) - 1];
  console.log(`compare two jobs of ${ARTIFACTS} artifacts (500 changed, 200 added, 200 removed): p50 ${median(compareTimes).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over 200 sequential requests; totals ${JSON.stringify(totals)}`);
}

/** Stores a directory as job `jobNumber` of the private project through the built CLI, and waits until it is available. */
async function storeJob(platform: SpawnedPlatform, jobNumber: number, source: string, destination: string) {
  const { db } = platform.platform;
  const project = platform.world.projects.private;
  await platform.platform.context.jobs.upsert(project.id, jobNumber, {}, new Date());
  execFileSync(process.execPath, [cliEntry, 'store-artifacts', '--path', source, '--destination', destination], {
    env: { ...process.env, STOWAGE_URL: platform.baseUrl, STOWAGE_TOKEN: platform.world.tokens.privateUpload, STOWAGE_PROJECT: platform.world.slugs.private, CIRCLE_BUILD_NUM: String(jobNumber) },
    stdio: 'ignore',
  });
  const job = await db.job.findFirstOrThrow({ where: { projectId: project.id, number: jobNumber } });
  await platform.waitForFinalization(job.id);
  return job;
}

/** The environment `stowage download-artifacts` reads, with the token both sides of a comparison send. */
function downloadEnv(platform: SpawnedPlatform, token: string): NodeJS.ProcessEnv {
  return { ...process.env, STOWAGE_URL: platform.baseUrl, STOWAGE_TOKEN: token, STOWAGE_PROJECT: platform.world.slugs.private };
}

/** A fresh, empty directory under the benchmark's work directory (one filesystem for every side). */
/**
 * An empty directory for one timed run, with the page cache's dirty pages written back first: the
 * previous run's gigabyte would otherwise be flushed by the kernel during this one, taking CPU from
 * whichever side needs more than one core (the CLI hashes as it receives; curl does not).
 */
function freshDir(name: string): string {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  execFileSync('sync');
  return dir;
}

/**
 * The 1 GiB artifact of job 2 (stored once through the CLI, filesystem driver): the API's download
 * next to nginx sendfile on the same stored file (curl to /dev/null); and `download-artifacts`
 * (the bundled CLI a CI job fetches from /cli, whole process) next to curl writing the same URL with
 * the same token to the same filesystem, alternating which goes first.
 */
async function bigDownloadRows(platform: SpawnedPlatform, rows: Set<string>) {
  const token = platform.world.tokens.admin;
  const file = randomFile(work, 'big.bin', GiB);
  const job2 = await storeJob(platform, 2, file, 'big.bin');
  fs.rmSync(file);
  const artifact = await platform.platform.db.artifact.findFirstOrThrow({ where: { jobId: job2.id, state: 'AVAILABLE' } });
  const url = `${platform.baseUrl}/output/job/${job2.id}/artifacts/0/big.bin`;
  if (rows.has('download')) {
    const server = await nginx(path.join(platform.env.DATA_DIR, 'objects'));
    const apiTimes: number[] = [];
    const nginxTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      apiTimes.push(await timeCommand('curl', ['-sS', '-f', '-o', '/dev/null', '-H', `Circle-Token: ${token}`, url]));
      nginxTimes.push(await timeCommand('curl', ['-sS', '-f', '-o', '/dev/null', `http://127.0.0.1:${server.port}/${artifact.storageKey}`]));
    }
    server.stop();
    const apiRate = GiB / median(apiTimes);
    const nginxRate = GiB / median(nginxTimes);
    console.log(`download 1 GiB (filesystem, curl): API ${fmt(apiRate)} | nginx sendfile ${fmt(nginxRate)} | API = ${((apiRate / nginxRate) * 100).toFixed(0)}% of nginx (target ≥ 80%), medians of 3`);
  }
  if (rows.has('cli-download')) {
    const env = downloadEnv(platform, token);
    const cliTimes: number[] = [];
    const curlTimes: number[] = [];
    const ratios: number[] = [];
    const runCliSide = async () => {
      const dir = freshDir('cli-big');
      const seconds = await timeCommand(process.execPath, [cliBundle, 'download-artifacts', '--job-number', '2', '--dir', dir], env);
      if (sha256File(path.join(dir, 'big.bin')) !== artifact.sha256) throw new Error('the CLI wrote other bytes');
      return seconds;
    };
    const runCurlSide = async () => {
      const dir = freshDir('curl-big');
      return timeCommand('curl', ['-sS', '-f', '-o', path.join(dir, 'big.bin'), '-H', `Circle-Token: ${token}`, url]);
    };
    await runCurlSide(); // warm up: the stored file in the page cache for both
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always finds the other's dirty pages being written back.
      let cli: number;
      let curl: number;
      if (i % 2) {
        cli = await runCliSide();
        curl = await runCurlSide();
      } else {
        curl = await runCurlSide();
        cli = await runCliSide();
      }
      cliTimes.push(cli);
      curlTimes.push(curl);
      ratios.push(curl / cli);
    }
    fs.rmSync(path.join(work, 'cli-big'), { recursive: true, force: true });
    fs.rmSync(path.join(work, 'curl-big'), { recursive: true, force: true });
    const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
    console.log(
      `download-artifacts 1 GiB (filesystem, to ${work}, ${path.relative(workspaceRoot, cliBundle)}): CLI ${fmt(GiB / median(cliTimes))} | curl -o ${fmt(GiB / median(curlTimes))} | ` +
        `CLI = ${pct(median(ratios))} of curl (rounds ${ratios.map(pct).join(', ')}; target ≥ 85%), medians of ${RUNS}`,
    );
    console.log(`  seconds: CLI ${cliTimes.map((t) => t.toFixed(2)).join(', ')}; curl ${curlTimes.map((t) => t.toFixed(2)).join(', ')}`);
  }
}

/**
 * 10,000 × 4 KiB files of one job (job 4, stored through the CLI): `download-artifacts` next to the
 * CircleCI docs' own pipeline (v1.1 list | grep the URLs | wget --input-file -), each into a fresh
 * directory on the same filesystem, alternating. The pipeline is the docs' but for the scheme its
 * grep matches: this server listens on http://.
 */
async function smallDownloadRow(platform: SpawnedPlatform) {
  const token = platform.world.tokens.admin;
  const source = path.join(work, 'small-source');
  fs.mkdirSync(source);
  for (let i = 0; i < SMALL_FILES; i++) fs.writeFileSync(path.join(source, `file-${String(i).padStart(5, '0')}.bin`), crypto.randomBytes(4096));
  await storeJob(platform, 4, source, 'small');
  fs.rmSync(source, { recursive: true, force: true });
  const env = { ...downloadEnv(platform, token), CIRCLE_TOKEN: token };
  const listing = `${platform.baseUrl}/api/v1.1/project/${platform.world.slugs.private}/4/artifacts`;
  const pipeline = `set -o pipefail; curl -sS -H "Circle-Token: $CIRCLE_TOKEN" ${listing} | grep -o "http://[^\\"]*" | wget --verbose --header "Circle-Token: $CIRCLE_TOKEN" --input-file -`;
  const count = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  const cliTimes: number[] = [];
  const wgetTimes: number[] = [];
  const runCliSide = async () => {
    const dir = freshDir('cli-small');
    const seconds = await timeCommand(process.execPath, [cliBundle, 'download-artifacts', '--job-number', '4', '--dir', dir], env);
    if (count(dir) !== SMALL_FILES) throw new Error(`the CLI wrote ${count(dir)} files`);
    return seconds;
  };
  const runWgetSide = async () => {
    const dir = freshDir('wget-small');
    const seconds = await timeCommand('bash', ['-c', pipeline], env, dir);
    if (count(dir) !== SMALL_FILES) throw new Error(`the pipeline wrote ${count(dir)} files`);
    return seconds;
  };
  for (let i = 0; i < SMALL_RUNS; i++) {
    if (i % 2) {
      wgetTimes.push(await runWgetSide());
      cliTimes.push(await runCliSide());
    } else {
      cliTimes.push(await runCliSide());
      wgetTimes.push(await runWgetSide());
    }
  }
  fs.rmSync(path.join(work, 'cli-small'), { recursive: true, force: true });
  fs.rmSync(path.join(work, 'wget-small'), { recursive: true, force: true });
  const rate = (seconds: number) => (SMALL_FILES / seconds).toFixed(0);
  console.log(
    `download-artifacts ${SMALL_FILES} × 4 KiB (filesystem): CLI ${rate(median(cliTimes))} files/s (runs ${cliTimes.map(rate).join(', ')}) | ` +
      `docs' curl | grep | wget pipeline ${rate(median(wgetTimes))} files/s (runs ${wgetTimes.map(rate).join(', ')}), medians of ${SMALL_RUNS}`,
  );
}

async function main() {
  await withBenchDatabase(() =>
    withPlatform('filesystem', async (platform) => {
      if (rows.has('list') || rows.has('compare')) await seedListingJobs(platform);
      if (rows.has('list')) await listRows(platform);
      if (rows.has('compare')) await compareRow(platform);
      if (rows.has('download') || rows.has('cli-download')) await bigDownloadRows(platform, rows);
      if (rows.has('cli-small')) await smallDownloadRow(platform);
    }),
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
