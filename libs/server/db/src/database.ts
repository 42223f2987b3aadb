import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './generated/database';
import type { PreparedQuery } from './prepared-query';

export type { DB } from './generated/database';

// Planned, never run: a new backend loads the catalog entries (tables, indexes, enum types) of
// everything the request path reads, instead of the first requests that reach it doing so.
const WARM_UP_SQL = `EXPLAIN SELECT 1 FROM api_tokens t, sessions s, organizations o, projects p, memberships m, jobs j, artifacts a
  WHERE t.secret_hash = '' AND s.secret_hash = '' AND o.slug = '' AND p.vcs_type = 'GITHUB' AND p.name = ''
    AND m.role = 'ADMIN' AND j.number = 0 AND a.state = 'AVAILABLE' AND a.job_id = j.id`;

/**
 * The one way to PostgreSQL: Kysely for typed queries (its table types are generated from
 * schema.prisma) and `run` for the request path's prepared statements, on one pool. Only the
 * repositories in this library hold a Database.
 */
export class Database {
  readonly db: Kysely<DB>;

  constructor(readonly pool: Pool) {
    this.db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }

  run<Params extends object, Row>(query: PreparedQuery<Params, Row>, params: Params): Promise<Row[]> {
    return query.execute(this.pool, params);
  }

  /**
   * Opens the pool's minimum of connections now, each with its catalog caches loaded. Without this
   * a burst of requests after start (or after an idle spell) opened every connection at once and
   * waited ~150 ms for them, then for their first plans: a few hundred milliseconds of latency.
   */
  async warmUp(): Promise<void> {
    const clients = await Promise.all(Array.from({ length: this.pool.options.min ?? 0 }, () => this.pool.connect()));
    try {
      await Promise.all(clients.map((client) => client.query(WARM_UP_SQL)));
    } finally {
      for (const client of clients) client.release();
    }
  }

  /** Answers when PostgreSQL does (readiness). */
  async checkHealth(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.db.destroy();
    // Kysely ends the pool only if it ran a query itself; prepared statements go to the pool directly.
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * Connections, once open, stay open (`min` = `max`): a burst after an idle spell would otherwise
 * wait for new ones (see warmUp).
 */
export function openDatabase(databaseUrl: string, options: { maxConnections?: number } = {}): Database {
  const connections = options.maxConnections ?? 10;
  return new Database(new Pool({ connectionString: databaseUrl, max: connections, min: connections }));
}
