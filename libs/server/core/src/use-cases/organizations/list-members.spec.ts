import { directoryWorld } from '../directory.spec-helper';
import { listMembers } from './list-members';

describe('listMembers', () => {
  test('lists members by email with their roles, for members', async () => {
    const { ctx, principals, users } = await directoryWorld();
    expect(await listMembers(ctx, principals.member, { organization: 'acme' })).toEqual([
      { userId: users.admin.id, email: 'ada@acme.test', name: 'Ada', role: 'admin' },
      { userId: users.member.id, email: 'max@acme.test', name: 'Max', role: 'member' },
    ]);
  });

  test('refuses an outsider who can see the organization as forbidden, and anonymous as unauthorized', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(listMembers(ctx, principals.outsider, { organization: 'acme' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(listMembers(ctx, principals.anonymous, { organization: 'acme' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
