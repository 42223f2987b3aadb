import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { Pool } from 'pg';
import { Sql } from './sql';

export type Db = PrismaClient;

/**
 * Prisma without its Rust engine: queries run through node-postgres via the driver adapter. The
 * pool is shared with `sql`, the plain-SQL client for the hot read paths, so both stay within one
 * connection limit. Connections, once open, stay open (`min` = `max`): a burst after an idle spell
 * would otherwise wait for new ones (see Sql.warmUp).
 */
export function createDatabase(databaseUrl: string, options: { maxConnections?: number } = {}): { db: PrismaClient; sql: Sql } {
  const connections = options.maxConnections ?? 10;
  return prismaOnPool(new Pool({ connectionString: databaseUrl, max: connections, min: connections }));
}

/** Prisma and Sql on a pool that the repositories' Database already holds (one connection limit). */
export function prismaOnPool(pool: Pool): { db: PrismaClient; sql: Sql } {
  return { db: new PrismaClient({ adapter: new PrismaPg(pool) }), sql: new Sql(pool) };
}
