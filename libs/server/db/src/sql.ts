import type { Pool } from 'pg';

// Planned, never run: a new backend loads the catalog entries (tables, indexes, enum types) of
// everything the request path reads, instead of the first requests that reach it doing so.
const WARM_UP_SQL = `EXPLAIN SELECT 1 FROM api_tokens t, sessions s, organizations o, projects p, memberships m, jobs j, artifacts a
  WHERE t.secret_hash = '' AND s.secret_hash = '' AND o.slug = '' AND p.vcs_type = 'GITHUB' AND p.name = ''
    AND m.role = 'ADMIN' AND j.number = 0 AND a.state = 'AVAILABLE' AND a.job_id = j.id`;

/**
 * Plain SQL for the reads every request makes (authentication, access, listings), as named
 * prepared statements: PostgreSQL parses and plans each once per connection, and the rows skip the
 * ORM (measured: an ORM call costs ~0.5-1.4 ms of CPU, `$queryRaw` ~0.4 ms, a prepared statement
 * here ~0.1 ms). Column types come back as node-postgres parses them: timestamps as Dates, enums
 * and UUIDs as strings, int8 as strings.
 */
export class Sql {
  constructor(private readonly pool: Pool) {}

  /** `name` identifies the statement on each connection: one name, one text. */
  async query<T extends object>(name: string, text: string, values: unknown[]): Promise<T[]> {
    // Prefixed: the repositories' prepared queries share this pool and reuse some of these names
    // with other texts, and a connection refuses one name for two statements.
    return (await this.pool.query<T>({ name: `legacy:${name}`, text, values })).rows;
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

  /** Ends the pool (Prisma's adapter leaves a pool it was given open). */
  close(): Promise<void> {
    return this.pool.end();
  }
}
