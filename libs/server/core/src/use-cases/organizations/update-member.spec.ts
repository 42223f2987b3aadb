import { directoryWorld } from '../directory.spec-helper';
import { updateMember } from './update-member';

describe('updateMember', () => {
  test('changes a member\'s role', async () => {
    const { ctx, principals, users } = await directoryWorld();
    expect((await updateMember(ctx, principals.admin, { organization: 'acme', userId: users.member.id, role: 'admin' })).role).toBe('admin');
  });

  test('keeps at least one admin, and answers a non-member as not_found', async () => {
    const { ctx, principals, users } = await directoryWorld();
    await expect(updateMember(ctx, principals.admin, { organization: 'acme', userId: users.admin.id, role: 'member' })).rejects.toMatchObject({
      kind: 'conflict',
      message: 'an organization keeps at least one admin',
    });
    await expect(updateMember(ctx, principals.admin, { organization: 'acme', userId: users.outsider.id, role: 'member' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('refuses a member (not an admin) as forbidden', async () => {
    const { ctx, principals, users } = await directoryWorld();
    await expect(updateMember(ctx, principals.member, { organization: 'acme', userId: users.member.id, role: 'admin' })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
