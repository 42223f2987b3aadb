import { directoryWorld } from '../directory.spec-helper';
import { listOrganizations } from './list-organizations';

describe('listOrganizations', () => {
  test('lists the organizations the caller belongs to, with their role', async () => {
    const { ctx, principals, acme } = await directoryWorld();
    expect(await listOrganizations(ctx, principals.member)).toEqual([{ id: acme.id, slug: 'acme', name: 'Acme', artifactRetentionDays: 30, role: 'member' }]);
  });

  test('refuses anonymous callers and project tokens', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(listOrganizations(ctx, principals.anonymous)).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(listOrganizations(ctx, principals.readToken)).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
