import { directoryWorld } from '../use-cases/directory.spec-helper';
import { requireJob, requireJobById, requireOrganization, requireProject } from './require-access';

// The access policy's rules over what the access repository finds: the parts of the old
// AccessService's tests that are about the facts (which project, which role, which job, nothing
// cached). The rules themselves are tested in libs/domain's access-policy.spec.ts.

describe('requireProject', () => {
  it('answers a missing project with the same not_found as a hidden one, and finds none under another VCS type', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(requireProject(ctx.access, { ...refs.app, project: 'nope' }, principals.admin, 'read')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireProject(ctx.access, { ...refs.app, vcsType: 'bitbucket' }, principals.admin, 'read')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireProject(ctx.access, refs.app, principals.outsider, 'read')).rejects.toMatchObject({ kind: 'not_found', message: 'project acme/app not found' });
  });

  it('returns the project with the caller\'s role', async () => {
    const { ctx, principals, refs, projects } = await directoryWorld();
    await expect(requireProject(ctx.access, refs.app, principals.member, 'read')).resolves.toMatchObject({ project: { id: projects.app.id }, role: 'MEMBER' });
    await expect(requireProject(ctx.access, refs.app, principals.admin, 'admin')).resolves.toMatchObject({ role: 'ADMIN' });
    await expect(requireProject(ctx.access, refs.lib, principals.anonymous, 'read')).resolves.toMatchObject({ project: { id: projects.lib.id }, role: null });
  });

  it('gives a member of another organization no access to this one', async () => {
    const { ctx, principals, refs } = await directoryWorld();
    await expect(requireProject(ctx.access, refs.app, principals.outsider, 'read')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('requireJob and requireJobById (project, role and job in one query)', () => {
  async function withJob() {
    const world = await directoryWorld();
    const job = await world.seed.job({ projectId: world.projects.app.id, number: 1 });
    return { ...world, job };
  }

  it('returns the job of a project the caller may read, with the project and role', async () => {
    const { ctx, principals, refs, job, projects } = await withJob();
    await expect(requireJob(ctx.access, refs.app, 1, principals.member, 'read')).resolves.toMatchObject({
      project: { id: projects.app.id, organization: { slug: 'acme' } },
      role: 'MEMBER',
      job: { id: job.id, number: 1 },
    });
    await expect(requireJobById(ctx.access, job.id, principals.member, 'read', 'artifact')).resolves.toMatchObject({ role: 'MEMBER', job: { id: job.id } });
  });

  it('decides access before the job: a hidden project is not_found for the project whether or not the job exists', async () => {
    const { ctx, principals, refs, job } = await withJob();
    for (const number of [1, 99]) {
      await expect(requireJob(ctx.access, refs.app, number, principals.outsider, 'read')).rejects.toMatchObject({ kind: 'not_found', message: 'project acme/app not found' });
    }
    await expect(requireJobById(ctx.access, job.id, principals.anonymous, 'read', 'artifact')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireJob(ctx.access, refs.app, 1, principals.uploadToken, 'read')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('answers a missing job of a visible project as not_found naming the job, and an unknown job id as the thing asked for', async () => {
    const { ctx, principals, refs } = await withJob();
    await expect(requireJob(ctx.access, refs.lib, 2, principals.anonymous, 'read')).rejects.toMatchObject({ kind: 'not_found', message: 'job 2 not found' });
    await expect(requireJobById(ctx.access, crypto.randomUUID(), principals.admin, 'read', 'artifact')).rejects.toMatchObject({ kind: 'not_found', message: 'artifact not found' });
  });

  it('does not give a project token its creator\'s role through the joined membership', async () => {
    const { ctx, principals, refs, job } = await withJob();
    await expect(requireJob(ctx.access, refs.app, 1, principals.readToken, 'read')).resolves.toMatchObject({ role: null });
    await expect(requireJob(ctx.access, refs.app, 1, principals.readToken, 'admin')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(requireJobById(ctx.access, job.id, principals.readToken, 'read', 'artifact')).resolves.toMatchObject({ role: null });
  });

  it('lets an upload-read token read its project\'s jobs and upload to it, with no role and no admin', async () => {
    const { ctx, principals, refs, job } = await withJob();
    await expect(requireJob(ctx.access, refs.app, 1, principals.uploadReadToken, 'read')).resolves.toMatchObject({ role: null, job: { id: job.id } });
    await expect(requireJobById(ctx.access, job.id, principals.uploadReadToken, 'upload', 'upload')).resolves.toMatchObject({ role: null });
    await expect(requireProject(ctx.access, refs.app, principals.uploadReadToken, 'admin')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('caches nothing: hides a private project and its jobs on the first request after the membership is removed', async () => {
    const { ctx, principals, refs, job, tables, users } = await withJob();
    await requireJob(ctx.access, refs.app, 1, principals.member, 'read');
    tables.memberships = tables.memberships.filter((m) => m.userId !== users.member.id);
    await expect(requireJob(ctx.access, refs.app, 1, principals.member, 'read')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireProject(ctx.access, refs.app, principals.member, 'read')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireJobById(ctx.access, job.id, principals.member, 'read', 'artifact')).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('requireOrganization', () => {
  it('reads whether the organization has a public project and the caller\'s role', async () => {
    const { ctx, principals, acme } = await directoryWorld();
    await expect(requireOrganization(ctx.access, 'acme', principals.anonymous, 'read')).resolves.toMatchObject({ organization: { id: acme.id }, role: null });
    await expect(requireOrganization(ctx.access, 'other', principals.member, 'read')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(requireOrganization(ctx.access, 'acme', principals.member, 'member')).resolves.toMatchObject({ role: 'MEMBER' });
    await expect(requireOrganization(ctx.access, 'missing', principals.admin, 'read')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
