import 'reflect-metadata';
import fs from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { QueueName } from '@stowage/contracts';
import { ManualClock } from '@stowage/domain';
import { createLogger } from '@stowage/server-config';
import { createTaskHandlers } from '@stowage/server-core';
import { TaskRunner } from '@stowage/server-queue';
import { createTestPlatform, freePort, seedWorld, type TestPlatform, startS3Server, testAppConfig, testEnvironment, type TestS3Server, type TestStorage, type TestWorld } from '@stowage/testing';
import { createApiApp } from '../src/api-app';

export interface ApiHarness {
  /** `http://127.0.0.1:<port>`, the same origin as `config.publicUrl` (part URLs and artifact URLs). */
  baseUrl: string;
  env: Record<string, string>;
  platform: TestPlatform;
  world: TestWorld;
  clock: ManualClock;
  s3?: TestS3Server;
  /** Resolves once every BullMQ queue of this platform is idle (nothing waiting, active or delayed). */
  drain(timeoutMs?: number): Promise<void>;
  /** Starts the in-process worker (started by default); a test can stop it to simulate an outage. */
  startRunner(): Promise<void>;
  stopRunner(): Promise<void>;
  stop(): Promise<void>;
}

const BUSY_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * The real API (Nest app from `createApiApp`) listening on a free port, on this run's PostgreSQL and
 * Redis, with a seeded world and an in-process BullMQ worker running the real task handlers.
 * The clock is a ManualClock starting at the real time, so sweeps and expiry can be moved by hand.
 */
export async function startApi(options: {
  storage: TestStorage;
  clock?: ManualClock;
  extraEnv?: Record<string, string>;
  /** Start the in-process worker at once (default true). */
  runner?: boolean;
  /** An S3 server (and bucket) another harness already uses; it is left running on stop. */
  s3?: TestS3Server;
  /** Redis is unreachable on purpose: keep the queues' connection errors out of the test output. */
  redisUnreachable?: boolean;
}): Promise<ApiHarness> {
  const ownS3 = options.storage === 's3' && !options.s3 ? await startS3Server() : undefined;
  const s3 = options.s3 ?? ownS3;
  const port = await freePort();
  const env = testEnvironment({ storage: options.storage, s3, port, extra: options.extraEnv });
  // testEnvironment made a fresh data directory; a DATA_DIR given in extraEnv belongs to someone else.
  const ownDataDir = options.extraEnv?.DATA_DIR === undefined;
  const clock = options.clock ?? new ManualClock(new Date());
  const logger = createLogger({ LOG_LEVEL: options.redisUnreachable ? 'error' : ((env.LOG_LEVEL as 'warn') ?? 'warn') }, 'api-test');
  const platform = createTestPlatform(testAppConfig(env), logger, { clock });
  if (options.redisUnreachable) {
    // BullMQ prints every reconnection error unless someone listens.
    for (const name of Object.values(QueueName)) platform.tasks.queue(name).on('error', () => undefined);
  }
  if (platform.config.publicUrl !== `http://127.0.0.1:${port}`) {
    throw new Error(`publicUrl ${platform.config.publicUrl} does not match the listening port ${port}`);
  }
  let app: INestApplication | undefined;
  let runner: TaskRunner | undefined;
  try {
    app = await createApiApp(platform);
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await platform.close();
    await ownS3?.stop();
    throw error;
  }
  const world = await seedWorld(platform);

  const startRunner = async () => {
    if (runner) return;
    runner = new TaskRunner(createTaskHandlers(platform), logger);
    runner.start(platform.redis, env.QUEUE_PREFIX);
    await runner.waitUntilReady();
  };
  const stopRunner = async () => {
    const current = runner;
    runner = undefined;
    await current?.close();
  };
  if (options.runner !== false) await startRunner();

  async function busyCount(): Promise<number> {
    let total = 0;
    for (const name of Object.values(QueueName)) {
      const counts = await platform.tasks.queue(name).getJobCounts(...BUSY_STATES);
      total += Object.values(counts).reduce((sum, n) => sum + n, 0);
    }
    return total;
  }
  /** What is still in the queues, for the error message of a drain that times out. */
  async function describeBusy(): Promise<string> {
    const lines = [];
    for (const name of Object.values(QueueName)) {
      const queue = platform.tasks.queue(name);
      for (const task of await queue.getJobs([...BUSY_STATES])) {
        lines.push(`${name}/${task.name} ${task.id} ${await task.getState()} attempts=${task.attemptsMade} ${task.failedReason ?? ''}`);
      }
    }
    return lines.join('; ');
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    platform,
    world,
    clock,
    s3,
    startRunner,
    stopRunner,
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      // Two idle readings in a row: a finishing task may enqueue a follow-up (expire-artifacts).
      let idleReadings = 0;
      while (idleReadings < 2) {
        if (Date.now() > deadline) throw new Error(`queues still busy after ${timeoutMs} ms: ${await describeBusy()}`);
        idleReadings = (await busyCount()) === 0 ? idleReadings + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      await stopRunner().catch(() => undefined);
      // Keep-alive sockets from fetch would otherwise hold close() open.
      (app!.getHttpServer() as import('node:http').Server).closeAllConnections();
      await app!.close();
      await platform.close();
      await ownS3?.stop();
      if (ownDataDir) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}

/** The promise's value, or 'no answer' if it takes longer than `ms` (the timer is cleared either way). */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A job number no other test of the run uses (job numbers are per project, the seeded projects are shared per file). */
let lastJobNumber = 1000 + Math.floor(Math.random() * 1000) * 1000;
export function nextJobNumber(): number {
  return ++lastJobNumber;
}

/**
 * A parsed JSON response body: its shape is what the tests assert, so it is left untyped here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResponseJson = any;

/** fetch with a Circle-Token header (or none), answering status, headers and the parsed JSON body when there is one. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: ResponseJson; text: string }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['circle-token'] = options.token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path.startsWith('http') ? path : baseUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}
