import { directoryWorld } from '../directory.spec-helper';
import { getProject } from './get-project';

describe('getProject', () => {
  test('shows a private project to a member and a public one to anyone', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    expect((await getProject(ctx, principals.member, { project: refs.app })).slug).toBe('gh/acme/app');
    expect((await getProject(ctx, principals.anonymous, { project: refs.lib })).isPrivate).toBe(false);
  });

  test('hides a private project from outsiders as not_found', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(getProject(ctx, principals.outsider, { project: refs.app })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
