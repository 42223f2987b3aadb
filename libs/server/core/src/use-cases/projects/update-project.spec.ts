import { directoryWorld } from '../directory.spec-helper';
import { updateProject } from './update-project';

describe('updateProject', () => {
  test('renames a project and changes its visibility, refusing a name taken', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    expect(await updateProject(ctx, principals.admin, { project: refs.app, changes: { name: 'web', isPrivate: false } })).toMatchObject({ slug: 'gh/acme/web', isPrivate: false });
    await expect(updateProject(ctx, principals.admin, { project: refs.lib, changes: { name: 'web' } })).rejects.toMatchObject({ kind: 'conflict', message: 'project web already exists' });
  });

  test('refuses a member as forbidden and a project token, even its own, as forbidden', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(updateProject(ctx, principals.member, { project: refs.app, changes: { isPrivate: false } })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(updateProject(ctx, principals.readToken, { project: refs.app, changes: { isPrivate: false } })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
