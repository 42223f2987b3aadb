import { directoryWorld } from '../directory.spec-helper';
import { listProjects } from './list-projects';

describe('listProjects', () => {
  test('lists every project for members and only the public ones for everybody else', async () => {
    const { ctx, principals } = await directoryWorld();
    expect((await listProjects(ctx, principals.member, { organization: 'acme' })).map((p) => p.slug)).toEqual(['gh/acme/app', 'gh/acme/lib']);
    expect((await listProjects(ctx, principals.anonymous, { organization: 'acme' })).map((p) => p.slug)).toEqual(['gh/acme/lib']);
  });

  test('hides an organization without public projects from non-members', async () => {
    const { ctx, principals } = await directoryWorld();
    await expect(listProjects(ctx, principals.anonymous, { organization: 'other' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
