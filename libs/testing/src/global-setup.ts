import crypto from 'node:crypto';
import path from 'node:path';
// Relative imports: Jest's global setup does not go through moduleNameMapper.
// eslint-disable-next-line @nx/enforce-module-boundaries -- Jest runs global setup without moduleNameMapper
import { applyMigrations, ensureDatabase } from '../../server/db/src/migrator';

/**
 * Each integration run gets its own database and its own Redis key prefix, so parallel runs
 * (two checkouts, CI and a developer) never collide. Workers inherit these variables.
 */
export default async function globalSetup(): Promise<void> {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const runId = `${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  base.pathname = `/stowage_test_${runId}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  await applyMigrations({ databaseUrl, migrationsDir: path.resolve(__dirname, '../../../prisma/migrations') });
  process.env.DATABASE_URL = databaseUrl;
  process.env.QUEUE_PREFIX = `stowage_test_${runId}`;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.STOWAGE_TEST_RUN_ID = runId;
}
