import { directoryWorld } from '../directory.spec-helper';
import { getOrganization } from './get-organization';

describe('getOrganization', () => {
  test('shows an organization with a public project to anyone, with the caller\'s role', async () => {
    const { ctx, principals } = await directoryWorld();
    expect((await getOrganization(ctx, principals.anonymous, { organization: 'acme' })).role).toBeNull();
    expect((await getOrganization(ctx, principals.admin, { organization: 'acme' })).role).toBe('admin');
  });

  test('hides an organization with only private projects from non-members', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(getOrganization(ctx, principals.member, { organization: 'other' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
