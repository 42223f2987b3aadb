import { hashSecret } from '../../access/secret';
import { directoryWorld } from '../directory.spec-helper';
import { signOut } from './sign-out';

describe('signOut', () => {
  test('ends the session whose secret the caller holds, and only that one', async () => {
    const { ctx, seed, principals, users, tables, clock } = await directoryWorld();
    const expiresAt = new Date(clock.now().getTime() + 60_000);
    await seed.session({ secretHash: hashSecret('sess_mine'), userId: users.member.id, expiresAt });
    await seed.session({ secretHash: hashSecret('sess_other'), userId: users.admin.id, expiresAt });
    await signOut(ctx, principals.member, { sessionSecret: 'sess_mine' });
    expect(tables.sessions.map((s) => s.userId)).toEqual([users.admin.id]);
  });

  test('does nothing without a session secret: no caller can end a session it does not hold', async () => {
    const { ctx, seed, principals, users, tables, clock } = await directoryWorld();
    await seed.session({ secretHash: hashSecret('sess_other'), userId: users.admin.id, expiresAt: new Date(clock.now().getTime() + 60_000) });
    await signOut(ctx, principals.anonymous, {});
    expect(tables.sessions).toHaveLength(1);
  });
});
