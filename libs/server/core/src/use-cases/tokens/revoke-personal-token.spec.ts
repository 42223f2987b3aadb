import { directoryWorld } from '../directory.spec-helper';
import { createPersonalToken } from './create-personal-token';
import { revokePersonalToken } from './revoke-personal-token';

describe('revokePersonalToken', () => {
  test('revokes the caller\'s token at the clock\'s time; another user\'s token is not_found', async () => {
    const { ctx, principals, tables, clock } = await directoryWorld();
    const mine = await createPersonalToken(ctx, principals.member, { name: 'mine' });
    await revokePersonalToken(ctx, principals.member, { tokenId: mine.id });
    expect(tables.tokens[0].revokedAt).toEqual(clock.now());
    await expect(revokePersonalToken(ctx, principals.admin, { tokenId: mine.id })).rejects.toMatchObject({ kind: 'not_found', message: 'token not found' });
  });

  test('refuses a project token as forbidden', async () => {
    const { ctx, principals } = await directoryWorld();
    const mine = await createPersonalToken(ctx, principals.member, { name: 'mine' });
    await expect(revokePersonalToken(ctx, principals.readToken, { tokenId: mine.id })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
