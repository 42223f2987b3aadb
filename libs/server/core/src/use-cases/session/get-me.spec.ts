import { directoryWorld } from '../directory.spec-helper';
import { getMe } from './get-me';

describe('getMe', () => {
  test('answers the user with their organizations by slug and their role in each', async () => {
    const { ctx, seed, principals, users, other } = await directoryWorld();
    await seed.membership({ organizationId: other.id, userId: users.member.id, role: 'ADMIN' });
    const me = await getMe(ctx, principals.member);
    expect(me).toMatchObject({ id: users.member.id, email: 'max@acme.test', name: 'Max' });
    expect(me.organizations.map((o) => [o.slug, o.role])).toEqual([['acme', 'member'], ['other', 'admin']]);
  });

  test('refuses anonymous callers as unauthorized and project tokens as forbidden', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(getMe(ctx, principals.anonymous)).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(getMe(ctx, principals.uploadToken)).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
