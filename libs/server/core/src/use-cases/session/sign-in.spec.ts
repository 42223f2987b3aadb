import { hash as argon2Hash } from '@node-rs/argon2';
import { hashSecret } from '../../access/secret';
import { directoryWorld } from '../directory.spec-helper';
import { signIn } from './sign-in';

describe('signIn', () => {
  async function withPassword() {
    const world = await directoryWorld();
    world.tables.users.find((u) => u.id === world.users.member.id)!.passwordHash = await argon2Hash('correct-horse');
    return world;
  }

  test('opens a session for the right password (email in any case) and answers who signed in', async () => {
    const { ctx, principals, users, tables, clock } = await withPassword();
    const { me, session } = await signIn(ctx, principals.anonymous, { email: 'MAX@acme.test', password: 'correct-horse' });
    expect(me).toEqual({ id: users.member.id, email: 'max@acme.test', name: 'Max', organizations: [expect.objectContaining({ slug: 'acme', role: 'member' })] });
    expect(session).toEqual({ secret: expect.stringMatching(/^sess_/), maxAgeMs: 12 * 3600_000, secure: true });
    expect(tables.sessions).toEqual([expect.objectContaining({ secretHash: hashSecret(session.secret), userId: users.member.id, expiresAt: new Date(clock.now().getTime() + 12 * 3600_000) })]);
  });

  test('refuses a wrong password, an unknown user and a user without a password alike', async () => {
    const { ctx, principals, tables } = await withPassword();
    for (const [email, password] of [['max@acme.test', 'wrong-horse'], ['nobody@acme.test', 'correct-horse'], ['ada@acme.test', 'anything']]) {
      await expect(signIn(ctx, principals.anonymous, { email, password })).rejects.toMatchObject({ kind: 'unauthorized', message: 'wrong email or password' });
    }
    expect(tables.sessions).toEqual([]);
  });
});
