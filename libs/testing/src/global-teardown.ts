import Redis from 'ioredis';
// eslint-disable-next-line @nx/enforce-module-boundaries -- Jest runs global teardown without moduleNameMapper
import { dropDatabase } from '../../server/db/src/migrator';

export default async function globalTeardown(): Promise<void> {
  if (process.env.DATABASE_URL?.includes('/stowage_test_')) await dropDatabase(process.env.DATABASE_URL);
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix?.startsWith('stowage_test_')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
}
