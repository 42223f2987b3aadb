import { directoryWorld } from '../directory.spec-helper';
import { createProjectToken } from './create-project-token';

describe('createProjectToken', () => {
  test('creates a token of the project with its scope, answered for by the admin who made it', async () => {
    const { ctx, principals, tables, users, projects } = await directoryWorld();
    const created = await createProjectToken(ctx, principals.admin, { project: { vcsType: 'github', organization: 'acme', project: 'app' }, name: 'ci', scope: 'upload' });
    expect(created).toMatchObject({ kind: 'project', scope: 'upload', name: 'ci', project: 'gh/acme/app', secret: expect.stringMatching(/^stw_/) });
    expect(tables.tokens).toEqual([expect.objectContaining({ userId: users.admin.id, projectId: projects.app.id, scope: 'UPLOAD' })]);
  });

  test('creates an upload-read token, stored as UPLOAD_READ and listed as upload-read', async () => {
    const { ctx, principals, tables, refs } = await directoryWorld();
    const created = await createProjectToken(ctx, principals.admin, { project: refs.app, name: 'ci-roundtrip', scope: 'upload-read' });
    expect(created).toMatchObject({ kind: 'project', scope: 'upload-read', name: 'ci-roundtrip' });
    expect(tables.tokens).toEqual([expect.objectContaining({ scope: 'UPLOAD_READ' })]);
  });

  test('refuses a member as forbidden and hides a private project from outsiders', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(createProjectToken(ctx, principals.member, { project: refs.app, name: 'ci', scope: 'read' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createProjectToken(ctx, principals.outsider, { project: refs.app, name: 'ci', scope: 'read' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
