import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MigrationError, applyMigrations, dropDatabase, ensureDatabase } from './migrator';

const migrationsDir = path.resolve(__dirname, '../../../../prisma/migrations');

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  const url = (() => {
    const u = new URL(process.env.DATABASE_URL as string);
    u.pathname = `${u.pathname}_migrator`;
    return u.toString();
  })();
  beforeEach(async () => {
    await dropDatabase(url);
    await ensureDatabase(url);
  });
  afterAll(() => dropDatabase(url));

  it('records each migration as prisma migrate deploy does, with the SHA-256 of migration.sql', async () => {
    const result = await applyMigrations({ databaseUrl: url, migrationsDir });
    const names = (await fs.readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(result.applied).toEqual(names);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    for (const [i, row] of rows.entries()) {
      const sql = await fs.readFile(path.join(migrationsDir, names[i], 'migration.sql'));
      expect(row).toMatchObject({ migration_name: names[i], checksum: crypto.createHash('sha256').update(sql).digest('hex'), applied_steps_count: 1 });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it('is harmless when run again, also concurrently', async () => {
    await Promise.all([applyMigrations({ databaseUrl: url, migrationsDir }), applyMigrations({ databaseUrl: url, migrationsDir })]);
    const second = await applyMigrations({ databaseUrl: url, migrationsDir });
    expect(second.applied).toEqual([]);
    const [{ count }] = await query<{ count: string }>(url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(count)).toBe(second.alreadyApplied.length);
  });

  it('refuses a migration edited after it was applied, and records a failing one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stowage-migrations-'));
    await fs.mkdir(path.join(dir, '20990101000000_first'));
    await fs.writeFile(path.join(dir, '20990101000000_first/migration.sql'), 'CREATE TABLE first_table (id int);');
    await applyMigrations({ databaseUrl: url, migrationsDir: dir });
    await fs.writeFile(path.join(dir, '20990101000000_first/migration.sql'), 'CREATE TABLE first_table (id bigint);');
    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(/edited after it was applied/);

    await fs.writeFile(path.join(dir, '20990101000000_first/migration.sql'), 'CREATE TABLE first_table (id int);');
    await fs.mkdir(path.join(dir, '20990102000000_broken'));
    await fs.writeFile(path.join(dir, '20990102000000_broken/migration.sql'), 'CREATE TABLE broken (id nosuchtype);');
    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(MigrationError);
    const rows = await query<{ logs: string | null; finished_at: Date | null }>(url, "SELECT logs, finished_at FROM _prisma_migrations WHERE migration_name = '20990102000000_broken'");
    expect(rows[0].finished_at).toBeNull();
    expect(rows[0].logs).toMatch(/nosuchtype/);
    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(/failed earlier/);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
