import { directoryWorld } from '../directory.spec-helper';
import { createPersonalToken } from './create-personal-token';
import { listPersonalTokens } from './list-personal-tokens';

describe('listPersonalTokens', () => {
  test('lists the caller\'s own personal tokens, newest first, without secrets', async () => {
    const { ctx, principals, clock } = await directoryWorld();
    await createPersonalToken(ctx, principals.member, { name: 'first' });
    clock.advance(1000);
    await createPersonalToken(ctx, principals.admin, { name: 'not mine' });
    const listed = await listPersonalTokens(ctx, principals.member);
    expect(listed.map((t) => t.name)).toEqual(['first']);
    expect(listed[0]).not.toHaveProperty('secret');
  });

  test('refuses anonymous callers', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(listPersonalTokens(ctx, principals.anonymous)).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
