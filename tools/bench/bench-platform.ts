import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations, dropDatabase, ensureDatabase } from '@stowage/server-db';
import { findWorkspaceRoot, startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';

export const workspaceRoot = findWorkspaceRoot(__dirname);
export const cliEntry = path.join(workspaceRoot, 'dist/apps/cli/apps/cli/src/main.js');

/** A database and Redis prefix of the benchmark's own, dropped afterwards. */
export async function withBenchDatabase<T>(work: () => Promise<T>): Promise<T> {
  const runId = `bench_${Date.now().toString(36)}`;
  const url = `postgresql://postgres@127.0.0.1:5432/stowage_${runId}`;
  await ensureDatabase(url);
  await applyMigrations({ databaseUrl: url, migrationsDir: path.join(workspaceRoot, 'prisma/migrations') });
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = `stowage_${runId}`;
  process.env.TEST_LOG_LEVEL = 'error';
  try {
    return await work();
  } finally {
    await dropDatabase(url);
  }
}

export async function withPlatform<T>(storage: 'filesystem' | 's3', work: (platform: SpawnedPlatform) => Promise<T>, extraEnv: Record<string, string> = {}): Promise<T> {
  const platform = await startSpawnedPlatform({ storage, extraEnv });
  try {
    return await work(platform);
  } finally {
    await platform.stop();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const fmt = (bytesPerSecond: number) => `${(bytesPerSecond / MiB).toFixed(0)} MiB/s`;

/** A file of random bytes (incompressible), written with dd so it costs no Node memory. */
export function randomFile(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  execFileSync('dd', ['if=/dev/urandom', `of=${file}`, `bs=${MiB}`, `count=${Math.ceil(bytes / MiB)}`, 'status=none']);
  return file;
}

export function sha256File(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
}

export async function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = workspaceRoot): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Peak resident memory (VmHWM) of a process, in bytes. */
export function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

export function resetPeakRss(pid: number): void {
  // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0).
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

export const randomName = () => crypto.randomBytes(4).toString('hex');
