import type { Pool } from 'pg';

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
    return (await this.pool.query<T>({ name, text, values })).rows;
  }

  /** Ends the pool (Prisma's adapter leaves a pool it was given open). */
  close(): Promise<void> {
    return this.pool.end();
  }
}
