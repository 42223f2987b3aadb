import { directoryWorld } from '../directory.spec-helper';
import { removeMember } from './remove-member';

describe('removeMember', () => {
  test('removes a member; the last admin stays', async () => {
    const { ctx, principals, users, tables } = await directoryWorld();
    await removeMember(ctx, principals.admin, { organization: 'acme', userId: users.member.id });
    expect(tables.memberships.some((m) => m.userId === users.member.id)).toBe(false);
    await expect(removeMember(ctx, principals.admin, { organization: 'acme', userId: users.admin.id })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(removeMember(ctx, principals.admin, { organization: 'acme', userId: users.member.id })).rejects.toMatchObject({ kind: 'not_found', message: 'member not found' });
  });

  test('refuses a member (not an admin) as forbidden', async () => {
    const { ctx, principals, users } = await directoryWorld();
    await expect(removeMember(ctx, principals.member, { organization: 'acme', userId: users.admin.id })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
