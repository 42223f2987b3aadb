import { directoryWorld } from '../directory.spec-helper';
import { createProjectToken } from './create-project-token';
import { revokeProjectToken } from './revoke-project-token';

describe('revokeProjectToken', () => {
  test('revokes one of the project\'s tokens; a token of another project is not_found', async () => {
    const { ctx, principals, refs, tables, clock } = await directoryWorld();
    const ci = await createProjectToken(ctx, principals.admin, { project: refs.app, name: 'ci', scope: 'upload' });
    await expect(revokeProjectToken(ctx, principals.admin, { project: refs.lib, tokenId: ci.id })).rejects.toMatchObject({ kind: 'not_found' });
    await revokeProjectToken(ctx, principals.admin, { project: refs.app, tokenId: ci.id });
    expect(tables.tokens[0].revokedAt).toEqual(clock.now());
  });

  test('refuses a member as forbidden', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    const ci = await createProjectToken(ctx, principals.admin, { project: refs.app, name: 'ci', scope: 'upload' });
    await expect(revokeProjectToken(ctx, principals.member, { project: refs.app, tokenId: ci.id })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
