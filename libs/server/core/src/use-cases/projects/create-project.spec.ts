import { directoryWorld } from '../directory.spec-helper';
import { createProject } from './create-project';

describe('createProject', () => {
  test('creates a private project unless asked otherwise, and refuses a name taken under the same VCS type', async () => {
    const { ctx, principals } = await directoryWorld();
    expect(await createProject(ctx, principals.admin, { organization: 'acme', vcsType: 'bitbucket', name: 'web' })).toEqual({
      id: expect.any(String),
      slug: 'bb/acme/web',
      vcsType: 'bitbucket',
      organization: 'acme',
      name: 'web',
      isPrivate: true,
      defaultBranch: 'main',
    });
    await expect(createProject(ctx, principals.admin, { organization: 'acme', vcsType: 'github', name: 'app' })).rejects.toMatchObject({ kind: 'conflict', message: 'project app already exists' });
  });

  test('refuses a member (not an admin) as forbidden', async () => {
    const { ctx, principals, tables } = await directoryWorld();
    await expect(createProject(ctx, principals.member, { organization: 'acme', vcsType: 'github', name: 'web' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(tables.projects).toHaveLength(2);
  });
});
