import { hashSecret } from '../../access/secret';
import { directoryWorld } from '../directory.spec-helper';
import { createPersonalToken } from './create-personal-token';

describe('createPersonalToken', () => {
  test('creates a token acting as the caller and shows its secret once; only the secret\'s hash is kept', async () => {
    const { ctx, principals, tables, users } = await directoryWorld();
    const created = await createPersonalToken(ctx, principals.member, { name: 'laptop' });
    expect(created).toMatchObject({ kind: 'personal', scope: 'all', name: 'laptop', project: null, revokedAt: null, secret: expect.stringMatching(/^stw_/) });
    expect(created.prefix).toBe(created.secret.slice(0, 12));
    expect(tables.tokens).toEqual([expect.objectContaining({ userId: users.member.id, secretHash: hashSecret(created.secret) })]);
  });

  test('refuses anonymous callers and project tokens', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(createPersonalToken(ctx, principals.anonymous, { name: 'x' })).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(createPersonalToken(ctx, principals.uploadToken, { name: 'x' })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
