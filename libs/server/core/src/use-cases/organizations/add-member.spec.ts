import { directoryWorld } from '../directory.spec-helper';
import { addMember } from './add-member';

describe('addMember', () => {
  test('adds an existing user by email (any case) with the role asked for', async () => {
    const { ctx, principals, users } = await directoryWorld();
    expect(await addMember(ctx, principals.admin, { organization: 'acme', email: 'OLGA@other.test', role: 'member' })).toEqual({
      userId: users.outsider.id,
      email: 'olga@other.test',
      name: 'Olga',
      role: 'member',
    });
  });

  test('answers an unknown email as not_found', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(addMember(ctx, principals.admin, { organization: 'acme', email: 'nobody@x.test', role: 'member' })).rejects.toMatchObject({ kind: 'not_found', message: 'user nobody@x.test not found' });
  });

  test('refuses a member (not an admin) as forbidden and adds nobody', async () => {
    const { ctx, principals, tables } = await directoryWorld();
    await expect(addMember(ctx, principals.member, { organization: 'acme', email: 'olga@other.test', role: 'admin' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(tables.memberships).toHaveLength(3);
  });
});
