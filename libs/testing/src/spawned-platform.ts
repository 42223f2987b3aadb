import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { createLogger } from '@stowage/server-config';
import { createTestPlatform, type TestPlatform } from './test-platform';
import { startS3Server, type TestS3Server } from '@stowage/testing-s3';
import { seedWorld, type TestWorld } from './seed-world';
import { testAppConfig, testEnvironment, type TestStorage } from './test-config';

/** The checkout's root, whether this runs from source (tests) or from a build (benchmarks). */
export function findWorkspaceRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const workspaceRoot = findWorkspaceRoot();
const entryPoints = {
  api: path.join(workspaceRoot, 'dist/apps/api/apps/api/src/main.js'),
  worker: path.join(workspaceRoot, 'dist/apps/worker/apps/worker/src/main.js'),
};

/** The process tuning the API and worker run with everywhere (see the file). */
function serverRuntimeEnv(): Record<string, string> {
  return parseEnv(fs.readFileSync(path.join(workspaceRoot, 'tools/deploy/server-runtime.env'), 'utf8')) as Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls `check` every 100 ms until it answers true; throws naming `what` when the time is up. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One spawned API or worker, with everything it wrote (pino's JSON lines on stdout). */
export interface SpawnedProcess {
  role: 'api' | 'worker';
  /** 0-based among the processes of its role. */
  index: number;
  pid: number;
  /** The API's own origin (each API listens on its own port); none for a worker. */
  url?: string;
  stdout(): string;
  stderr(): string;
  /** Null while it runs. */
  exitCode(): number | null;
  /** The JSON log records written so far; a line that is not JSON is a failure of the logging, so it throws. */
  logRecords(): Array<{ level: number; msg?: string } & Record<string, unknown>>;
}

export interface SpawnedPlatform {
  /** The first API's origin (the only one unless `apis` was given). */
  baseUrl: string;
  /** Every API's origin, in start order. */
  apiUrls: string[];
  /** The environment the processes share (the first API's port). */
  env: Record<string, string>;
  /** The same services in the test process, for seeding and for looking at the database. */
  platform: TestPlatform;
  world: TestWorld;
  s3?: TestS3Server;
  /** Process ids of the first API and the first worker (benchmarks read their memory use). */
  pids: { api: number; worker: number };
  /** Every API and worker, APIs first. */
  processes: SpawnedProcess[];
  /** Resolves once every completed upload of the job has been finalized (or failed). */
  waitForFinalization(jobId: string): Promise<void>;
  /** Everything the APIs and the workers wrote to stdout and stderr so far, by role. */
  output(): { api: string; worker: string };
  stop(): Promise<void>;
}

/**
 * The real platform as users run it: the built API and worker as separate processes on the test
 * run's PostgreSQL, Redis and storage. Build them first (`nx run-many -t build -p api worker`).
 * `apis` and `workers` start that many of each on the same database, Redis prefix and store (one
 * data directory, one bucket), as a scaled-out installation runs them.
 */
export async function startSpawnedPlatform(options: {
  storage: TestStorage;
  extraEnv?: Record<string, string>;
  apis?: number;
  workers?: number;
  /**
   * Gives each process a data directory of its own, as separate containers have. Only S3 can run
   * so (the filesystem driver's store is the data directory); it proves nothing a process keeps on
   * its local disk is needed by another.
   */
  dataDirPerProcess?: boolean;
}): Promise<SpawnedPlatform> {
  if (options.dataDirPerProcess && options.storage !== 's3') throw new Error('only S3 storage runs without a shared data directory');
  for (const entry of Object.values(entryPoints)) {
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the api and worker first (npx nx run-many -t build -p api worker)`);
  }
  const s3 = options.storage === 's3' ? await startS3Server() : undefined;
  const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 1 }, () => freePort()));
  // The CLI downloads (/cli) come from the checkout's build, whatever directory the tests run in.
  const extra = { CLI_DIST_DIR: path.join(workspaceRoot, 'dist/cli'), ...options.extraEnv };
  const env = testEnvironment({ storage: options.storage, s3, port: apiPorts[0], extra });
  const platform = createTestPlatform(testAppConfig(env), createLogger({ LOG_LEVEL: 'warn' }, 'test-platform'));
  const children: ChildProcess[] = [];
  const processes: SpawnedProcess[] = [];
  const ownDataDirs: string[] = [];
  const start = (role: SpawnedProcess['role'], index: number, ownEnv: Record<string, string>, url?: string) => {
    if (options.dataDirPerProcess) ownDataDirs.push((ownEnv.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `stowage-${role}-${index}-`))));
    const child = spawn(process.execPath, [entryPoints[role]], {
      env: { ...process.env, ...serverRuntimeEnv(), ...env, ...ownEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // All of it, not a tail: a test reads every line (an error logged early counts as much as a late one).
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.on('exit', (code) => {
      if (code && code !== 0 && code !== 143) console.error(`${role} ${index} exited with ${code}: ${stderr.join('').slice(-4000)}`);
    });
    children.push(child);
    processes.push({
      role,
      index,
      pid: child.pid as number,
      url,
      stdout: () => stdout.join(''),
      stderr: () => stderr.join(''),
      exitCode: () => child.exitCode,
      logRecords: () =>
        stdout
          .join('')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => {
            try {
              return JSON.parse(line);
            } catch {
              throw new Error(`${role} ${index} wrote a line that is not a JSON log record: ${line.slice(0, 500)}`);
            }
          }),
    });
  };
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  apiPorts.forEach((port, index) => start('api', index, { API_PORT: String(port) }, apiUrls[index]));
  // Each worker answers health checks on a port of its own, so the platform is up only once they can take work.
  const workerPorts = await Promise.all(Array.from({ length: options.workers ?? 1 }, () => freePort()));
  workerPorts.forEach((port, index) => start('worker', index, { WORKER_HEALTH_PORT: String(port) }));
  await Promise.all([
    ...apiUrls.map((url) => waitFor(async () => (await fetch(`${url}/health/ready`)).ok, `the API at ${url} to be ready`)),
    ...workerPorts.map((port) => waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, `the worker on ${port} to be ready`)),
  ]);
  const world = await seedWorld(platform);
  const firstOf = (role: SpawnedProcess['role']) => processes.find((child) => child.role === role)?.pid as number;

  return {
    baseUrl: apiUrls[0],
    apiUrls,
    env,
    platform,
    world,
    s3,
    pids: { api: firstOf('api'), worker: firstOf('worker') },
    processes,
    async waitForFinalization(jobId: string) {
      await waitFor(
        async () => (await platform.db.artifact.count({ where: { jobId, state: 'PENDING', completedAt: { not: null } } })) === 0,
        `finalization of job ${jobId}`,
      );
    },
    output: () => {
      const of = (role: SpawnedProcess['role']) => processes.filter((child) => child.role === role).map((child) => child.stdout() + child.stderr()).join('');
      return { api: of('api'), worker: of('worker') };
    },
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      await platform.close();
      await s3?.stop();
      for (const dir of [env.DATA_DIR, ...ownDataDirs]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
