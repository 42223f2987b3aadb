import { Client } from 'pg';
import { findOrganizationsWithReservedSlugs } from './reserved-organization-slugs';

describe('findOrganizationsWithReservedSlugs', () => {
  const slugs = ['Settings', 'api', 'acme', 'settings-team', 'ROBOTS.TXT'];

  beforeAll(async () => {
    // Inserted as SQL: these came to exist before the rule that now refuses them.
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      for (const slug of slugs) {
        await client.query('INSERT INTO organizations (id, slug, name) VALUES (gen_random_uuid(), $1, $1)', [slug]);
      }
    } finally {
      await client.end();
    }
  });

  it('names the organizations whose slug is reserved, in any case, and no other', async () => {
    const found = await findOrganizationsWithReservedSlugs(process.env.DATABASE_URL as string);
    expect(found.filter((slug) => slugs.includes(slug)).sort()).toEqual(['ROBOTS.TXT', 'Settings', 'api']);
    expect(found).not.toContain('settings-team');
    expect(found).not.toContain('acme');
  });
});
