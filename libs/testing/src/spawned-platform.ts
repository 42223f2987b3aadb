import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { createLogger } from '@stowage/server-config';
import { createPlatform, type Platform } from '@stowage/server-core';
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

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface SpawnedPlatform {
  baseUrl: string;
  env: Record<string, string>;
  /** The same services in the test process, for seeding and for looking at the database. */
  platform: Platform;
  world: TestWorld;
  s3?: TestS3Server;
  /** Process ids of the API and the worker (benchmarks read their memory use). */
  pids: { api: number; worker: number };
  /** Resolves once every completed upload of the job has been finalized (or failed). */
  waitForFinalization(jobId: string): Promise<void>;
  /** Everything each process wrote to stdout and stderr so far (empty unless `captureOutput`). */
  output(): { api: string; worker: string };
  stop(): Promise<void>;
}

/**
 * The real platform as users run it: the built API and worker as separate processes on the test
 * run's PostgreSQL, Redis and storage. Build them first (`nx run-many -t build -p api worker`).
 */
export async function startSpawnedPlatform(options: {
  storage: TestStorage;
  extraEnv?: Record<string, string>;
  /** Keep every byte the processes write (tests of what they log); otherwise only stderr's tail, shown if one dies. */
  captureOutput?: boolean;
}): Promise<SpawnedPlatform> {
  for (const entry of Object.values(entryPoints)) {
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the api and worker first (npx nx run-many -t build -p api worker)`);
  }
  const s3 = options.storage === 's3' ? await startS3Server() : undefined;
  const port = await freePort();
  // The CLI downloads (/cli) come from the checkout's build, whatever directory the tests run in.
  const extra = { CLI_DIST_DIR: path.join(workspaceRoot, 'dist/cli'), ...options.extraEnv };
  const env = testEnvironment({ storage: options.storage, s3, port, extra });
  const platform = createPlatform(testAppConfig(env), createLogger({ LOG_LEVEL: 'warn' }, 'test-platform'));
  const children: ChildProcess[] = [];
  const captured = { api: '', worker: '' };
  const start = (entry: string, name: 'api' | 'worker') => {
    const stdout = options.captureOutput ? 'pipe' : 'ignore';
    const child = spawn(process.execPath, [entry], { env: { ...process.env, ...serverRuntimeEnv(), ...env }, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (captured[name] += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (options.captureOutput) captured[name] += chunk.toString();
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code) => {
      if (code && code !== 0 && code !== 143) console.error(`${name} exited with ${code}: ${stderr}`);
    });
    children.push(child);
  };
  start(entryPoints.api, 'api');
  start(entryPoints.worker, 'worker');
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseUrl}/health/ready`)).ok, 'the API to be ready');
  const world = await seedWorld(platform);

  return {
    baseUrl,
    env,
    platform,
    world,
    s3,
    pids: { api: children[0].pid as number, worker: children[1].pid as number },
    async waitForFinalization(jobId: string) {
      await waitFor(
        async () => (await platform.db.artifact.count({ where: { jobId, state: 'PENDING', completedAt: { not: null } } })) === 0,
        `finalization of job ${jobId}`,
      );
    },
    output: () => ({ ...captured }),
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
      fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}
