import { DomainError } from '@stowage/domain';
import { directoryWorld } from '../directory.spec-helper';
import { createOrganization } from './create-organization';

// The slug rules are judged before the repository is asked: nothing is created for a refused slug.
describe('createOrganization (admin)', () => {
  test.each(['settings', 'Settings', 'SIGN-IN', 'api', 'output', 'cli', 'icon.svg', 'Robots.txt'])(
    'refuses %s, which names a route of the web app, with an invalid_input error listing the reserved names',
    async (slug) => {
      const { ctx, tables } = await directoryWorld();
      const error = await createOrganization(ctx, { slug, name: 'Clash' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining(`"${slug}" is reserved`) });
      expect((error as DomainError).message).toContain('settings, sign-in');
      expect(tables.organizations).toHaveLength(2);
    },
  );

  test.each(['a/b', '-lead', '', 'x'.repeat(101)])('refuses %j, which is no slug', async (slug) => {
    const { ctx, tables } = await directoryWorld();
    await expect(createOrganization(ctx, { slug, name: 'Bad' })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(tables.organizations).toHaveLength(2);
  });

  test('creates an organization whose slug only resembles a route, with the default retention', async () => {
    const { ctx } = await directoryWorld();
    expect(await createOrganization(ctx, { slug: 'settings-team', name: 'Settings Team' })).toEqual({
      id: expect.any(String),
      slug: 'settings-team',
      name: 'Settings Team',
      artifactRetentionDays: 30,
      role: null,
    });
  });

  test('refuses a slug already taken as a conflict', async () => {
    const { ctx } = await directoryWorld();
    await expect(createOrganization(ctx, { slug: 'acme', name: 'Again' })).rejects.toMatchObject({ kind: 'conflict', message: 'organization acme already exists' });
  });
});
