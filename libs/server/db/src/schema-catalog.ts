import { Client } from 'pg';

/**
 * Indexes that schema.prisma cannot express (expression indexes with a collation), created by
 * hand-written migrations. The drift test ignores exactly these, and checks that they exist.
 */
export const SQL_ONLY_INDEXES = ['artifacts_available_listing_idx', 'blobs_stored_key'];

/**
 * A comparable description of a database's public schema: tables, columns with type, nullability
 * and default, indexes (including uniques), constraints and enums. Used by the drift test.
 */
export async function describeSchema(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const facts: string[] = [];
    const columns = await client.query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    for (const c of columns.rows) {
      facts.push(
        `column ${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name}(${c.character_maximum_length ?? ''},${c.datetime_precision ?? ''}) nullable=${c.is_nullable} default=${c.column_default ?? ''}`,
      );
    }
    const indexes = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND NOT (indexname = ANY($1))`,
      [SQL_ONLY_INDEXES],
    );
    for (const i of indexes.rows) facts.push(`index ${i.indexdef}`);
    const constraints = await client.query(`
      SELECT rel.relname AS table_name, con.conname, pg_get_constraintdef(con.oid) AS def
      FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'`);
    for (const c of constraints.rows) facts.push(`constraint ${c.table_name}.${c.conname} ${c.def}`);
    const enums = await client.query(`
      SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace
      WHERE ns.nspname = 'public' GROUP BY t.typname`);
    for (const e of enums.rows) facts.push(`enum ${e.typname} ${e.labels}`);
    return facts.sort();
  } finally {
    await client.end();
  }
}
