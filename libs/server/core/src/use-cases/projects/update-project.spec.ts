import { directoryWorld } from '../directory.spec-helper';
import { updateProject } from './update-project';

describe('updateProject', () => {
  test('renames a project and changes its visibility, refusing a name taken', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    expect(await updateProject(ctx, principals.admin, { project: refs.app, changes: { name: 'web', isPrivate: false } })).toMatchObject({ slug: 'gh/acme/web', isPrivate: false });
    await expect(updateProject(ctx, principals.admin, { project: refs.lib, changes: { name: 'web' } })).rejects.toMatchObject({ kind: 'conflict', message: 'project web already exists' });
  });

  test('changes the default branch (main until then), refusing an invalid git branch name as invalid input', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    expect(await updateProject(ctx, principals.admin, { project: refs.app, changes: {} })).toMatchObject({ defaultBranch: 'main' });
    expect(await updateProject(ctx, principals.admin, { project: refs.app, changes: { defaultBranch: 'release/2.x' } })).toMatchObject({ slug: 'gh/acme/app', defaultBranch: 'release/2.x' });
    for (const [name, message] of [['', 'empty'], ['a'.repeat(256), '255'], ['my branch', 'spaces'], ['tab\tbranch', 'control'], ['a..b', '".."'], ['-rf', '"-"']]) {
      await expect(updateProject(ctx, principals.admin, { project: refs.app, changes: { defaultBranch: name } })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ['defaultBranch'], message: expect.stringContaining(message) })],
      });
    }
    await expect(updateProject(ctx, principals.member, { project: refs.app, changes: { defaultBranch: 'develop' } })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await updateProject(ctx, principals.admin, { project: refs.app, changes: {} })).toMatchObject({ defaultBranch: 'release/2.x' });
  });

  test('refuses a member as forbidden and a project token, even its own, as forbidden', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(updateProject(ctx, principals.member, { project: refs.app, changes: { isPrivate: false } })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(updateProject(ctx, principals.readToken, { project: refs.app, changes: { isPrivate: false } })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
