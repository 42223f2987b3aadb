import { verifyPassword } from '../../access/password';
import { directoryWorld } from '../directory.spec-helper';
import { bootstrapAdmin } from './bootstrap-admin';
import { createUser } from './create-user';
import { setUserPassword } from './set-user-password';

describe('createUser, setUserPassword and bootstrapAdmin (admin)', () => {
  test('keeps the email lower-cased and an Argon2 hash of the password, never the password', async () => {
    const { ctx, tables } = await directoryWorld();
    const created = await createUser(ctx, { email: 'Bea@Acme.test', name: 'Bea', password: 'long-enough' });
    expect(created).toEqual({ id: expect.any(String), email: 'bea@acme.test', name: 'Bea' });
    const stored = tables.users.find((u) => u.id === created.id)!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash!, 'long-enough')).toBe(true);
  });

  test('refuses a short password and an email already taken', async () => {
    const { ctx } = await directoryWorld();
    await expect(createUser(ctx, { email: 'x@acme.test', name: 'X', password: 'short' })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(createUser(ctx, { email: 'ADA@acme.test', name: 'Ada' })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(setUserPassword(ctx, { email: 'ada@acme.test', password: 'short' })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(setUserPassword(ctx, { email: 'nobody@acme.test', password: 'long-enough' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('the bootstrap admin is created once and an existing user is left alone', async () => {
    const { ctx, tables } = await directoryWorld();
    await bootstrapAdmin(ctx, { email: 'root@acme.test', password: 'long-enough' });
    await bootstrapAdmin(ctx, { email: 'ROOT@acme.test', password: 'other-password' });
    const roots = tables.users.filter((u) => u.email === 'root@acme.test');
    expect(roots).toHaveLength(1);
    expect(await verifyPassword(roots[0].passwordHash!, 'long-enough')).toBe(true);
  });
});
