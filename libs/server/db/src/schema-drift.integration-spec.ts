import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from './migrator';
import { SQL_ONLY_INDEXES, describeSchema } from './schema-catalog';

const run = promisify(execFile);
const workspaceRoot = path.resolve(__dirname, '../../../..');
const schemaPath = path.join(workspaceRoot, 'prisma/schema.prisma');

function scratchUrl(suffix: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}

/** What `schema.prisma` says the database should be: Prisma's own SQL for it, applied to an empty database. */
async function databaseFromSchema(schemaFile: string, suffix: string): Promise<string> {
  const url = scratchUrl(suffix);
  await dropDatabase(url);
  await ensureDatabase(url);
  const { stdout } = await run(
    process.execPath,
    [path.join(workspaceRoot, 'node_modules/prisma/build/index.js'), 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaFile, '--script'],
    { cwd: workspaceRoot, env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
  );
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(stdout);
  await client.end();
  return url;
}

function difference(a: string[], b: string[]): { onlyInMigrations: string[]; onlyInSchema: string[] } {
  return { onlyInMigrations: a.filter((x) => !b.includes(x)), onlyInSchema: b.filter((x) => !a.includes(x)) };
}

describe('prisma/migrations and schema.prisma', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const url of scratch) await dropDatabase(url);
  });

  it('produce the same database: every table, column, type, nullability, default, index, constraint and enum', async () => {
    const fromSchema = await databaseFromSchema(schemaPath, 'from_schema');
    scratch.push(fromSchema);
    const migrated = await describeSchema(process.env.DATABASE_URL as string);
    expect(migrated.length).toBeGreaterThan(50);
    expect(difference(migrated, await describeSchema(fromSchema))).toEqual({ onlyInMigrations: [], onlyInSchema: [] });
  }, 120_000);

  it('has every SQL-only index the drift comparison leaves out, and no other', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL as string });
    await client.connect();
    const { rows } = await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)`, [SQL_ONLY_INDEXES]);
    await client.end();
    expect(rows.map((row) => row.indexname).sort()).toEqual([...SQL_ONLY_INDEXES].sort());
  });

  it('would report a column added to schema.prisma without a migration', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stowage-drift-'));
    const schema = await fs.readFile(schemaPath, 'utf8');
    const edited = schema.replace(/model Job \{\n/, 'model Job {\n  pipelineId String? @map("pipeline_id")\n');
    expect(edited).not.toBe(schema);
    await fs.writeFile(path.join(dir, 'schema.prisma'), edited);
    const fromEdited = await databaseFromSchema(path.join(dir, 'schema.prisma'), 'edited');
    scratch.push(fromEdited);
    const diff = difference(await describeSchema(process.env.DATABASE_URL as string), await describeSchema(fromEdited));
    expect(diff.onlyInSchema).toEqual([expect.stringContaining('column jobs.pipeline_id')]);
    await fs.rm(dir, { recursive: true, force: true });
  }, 120_000);
});
