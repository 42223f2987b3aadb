import { directoryWorld } from '../directory.spec-helper';
import { createPersonalToken } from './create-personal-token';
import { createProjectToken } from './create-project-token';
import { listProjectTokens } from './list-project-tokens';

describe('listProjectTokens', () => {
  test('lists the project\'s tokens only, for admins', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await createProjectToken(ctx, principals.admin, { project: refs.app, name: 'ci', scope: 'read' });
    await createProjectToken(ctx, principals.admin, { project: refs.lib, name: 'elsewhere', scope: 'read' });
    await createPersonalToken(ctx, principals.admin, { name: 'laptop' });
    expect((await listProjectTokens(ctx, principals.admin, { project: refs.app })).map((t) => [t.name, t.project])).toEqual([['ci', 'gh/acme/app']]);
  });

  test('refuses the project\'s own read token as forbidden (a token has no role)', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(listProjectTokens(ctx, principals.readToken, { project: refs.app })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
