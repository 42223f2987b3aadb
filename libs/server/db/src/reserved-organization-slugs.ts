import { RESERVED_ORGANIZATION_SLUGS } from '@stowage/contracts';
import { Client } from 'pg';

/**
 * Organizations whose slug is now reserved for a route of the web app (they were created before the
 * rule, which only refuses new ones): their pages are shadowed by that route. `stowage-admin migrate`
 * names them so an operator can rename them; they keep working through the API meanwhile.
 */
export async function findOrganizationsWithReservedSlugs(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ slug: string }>('SELECT slug FROM organizations WHERE lower(slug) = ANY($1::text[]) ORDER BY lower(slug), slug', [
      [...RESERVED_ORGANIZATION_SLUGS],
    ]);
    return rows.map((row) => row.slug);
  } finally {
    await client.end();
  }
}
