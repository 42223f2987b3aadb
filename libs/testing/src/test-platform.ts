import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import type { Clock, StorageDriver } from '@stowage/domain';
import type { AppConfig } from '@stowage/server-config';
import { createPlatform, type PlatformLogger } from '@stowage/server-core';

/**
 * The platform as tests build it, plus `db`: Prisma's typed client on the same database, for
 * tests to look at and arrange rows the use cases do not expose. Only tests reach the database
 * this way; the server goes through its repositories.
 */
export function createTestPlatform(config: AppConfig, logger: PlatformLogger, overrides: { clock?: Clock; storage?: StorageDriver } = {}) {
  const platform = createPlatform(config, logger, overrides);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.env.DATABASE_URL, max: 2 }) });
  return {
    ...platform,
    db,
    async close(): Promise<void> {
      await platform.close();
      await db.$disconnect();
    },
  };
}
export type TestPlatform = ReturnType<typeof createTestPlatform>;
