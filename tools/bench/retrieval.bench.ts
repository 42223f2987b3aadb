import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '@stowage/testing';
import { GiB, cliEntry, fmt, median, randomFile, timeCommand, withBenchDatabase, withPlatform } from './bench-platform';
import { machineBusyCpuMs, postgresCpuMs, processCpuMs } from './cpu-usage';
import { openLoop } from './open-loop';

/**
 * Issue 5's numbers: v2 list at a fixed 300 req/s (open loop) and the highest rate at 50
 * connections for a job of 10,000 artifacts; the v1.1 full list of the same job; comparing it with
 * another job of 10,000 (p50/p99 of 200 sequential requests); and the download
 * of a 1 GiB artifact from the filesystem driver next to nginx serving the same file with sendfile.
 */
const ARTIFACTS = 10_000;
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

async function main() {
  await withBenchDatabase(() =>
    withPlatform('filesystem', async (platform) => {
      const { db } = platform.platform;
      const token = platform.world.tokens.admin;
      const headers = { 'circle-token': token };
      const project = platform.world.projects.private;
      const job = await platform.platform.context.jobs.upsert(project.id, 1, { status: 'SUCCESS' }, new Date());
      // Rows are what the listings read; the objects behind them do not matter here.
      await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at)
        SELECT gen_random_uuid(), ${job.id}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/test case ' || i || '.xml', 4096, repeat('a', 64), 420,
               'bench/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now()
        FROM generate_series(1, ${ARTIFACTS}) AS i`;
      // A bulk load leaves the planner without statistics; a live table has them (autovacuum).
      await db.$executeRaw`ANALYZE artifacts`;
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

      // Compare: job 3 against job 1, both of 10,000 artifacts: 500 changed, 200 added, 200 removed.
      const job3 = await platform.platform.context.jobs.upsert(project.id, 3, { status: 'SUCCESS' }, new Date());
      await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at)
        SELECT gen_random_uuid(), ${job3.id}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/test case ' || i || '.xml',
               CASE WHEN i <= 500 THEN 5000 ELSE 4096 END, CASE WHEN i <= 500 THEN repeat('b', 64) ELSE repeat('a', 64) END, 420,
               'bench/3/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now()
        FROM generate_series(1, ${ARTIFACTS + 200}) AS i WHERE i <= ${ARTIFACTS - 200} OR i > ${ARTIFACTS}`;
      await db.$executeRaw`ANALYZE artifacts`;
      const compare = `${platform.baseUrl}/api/stowage/v1/projects/${slug}/jobs/3/compare?base=1`;
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

      // 1 GiB download: the API (filesystem driver) next to nginx sendfile on the same stored file.
      const file = randomFile(work, 'big.bin', GiB);
      await platform.platform.context.jobs.upsert(project.id, 2, {}, new Date());
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, [cliEntry, 'store-artifacts', '--path', file, '--destination', 'big.bin'], {
        env: { ...process.env, STOWAGE_URL: platform.baseUrl, STOWAGE_TOKEN: platform.world.tokens.privateUpload, STOWAGE_PROJECT: slug, CIRCLE_BUILD_NUM: '2' },
        stdio: 'ignore',
      });
      const job2 = await db.job.findFirstOrThrow({ where: { projectId: project.id, number: 2 } });
      await platform.waitForFinalization(job2.id);
      const artifact = await db.artifact.findFirstOrThrow({ where: { jobId: job2.id, state: 'AVAILABLE' } });
      const objects = path.join(platform.env.DATA_DIR, 'objects');
      const server = await nginx(objects);
      const apiTimes: number[] = [];
      const nginxTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        apiTimes.push(await timeCommand('curl', ['-sS', '-f', '-o', '/dev/null', '-H', `Circle-Token: ${token}`, `${platform.baseUrl}/output/job/${job2.id}/artifacts/0/big.bin`]));
        nginxTimes.push(await timeCommand('curl', ['-sS', '-f', '-o', '/dev/null', `http://127.0.0.1:${server.port}/${artifact.storageKey}`]));
      }
      server.stop();
      const apiRate = GiB / median(apiTimes);
      const nginxRate = GiB / median(nginxTimes);
      console.log(`download 1 GiB (filesystem, curl): API ${fmt(apiRate)} | nginx sendfile ${fmt(nginxRate)} | API = ${((apiRate / nginxRate) * 100).toFixed(0)}% of nginx (target ≥ 80%), medians of 3`);
    }),
  );
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
