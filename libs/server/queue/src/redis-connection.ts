import Redis from 'ioredis';

/** BullMQ needs `maxRetriesPerRequest: null` on connections that block (workers). */
export function createRedisConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
