import crypto from 'node:crypto';
import type { RecordSeeder } from '../testing/record-seeder';
import type { AccessRepository } from './access.repository';

const unique = () => crypto.randomBytes(4).toString('hex');

/**
 * What every AccessRepository must answer, run against PostgreSQL (integration) and the in-memory
 * fake (unit), so the fake that use-case tests rely on cannot drift from the database.
 */
export function describeAccessRepositoryContract(name: string, setup: () => Promise<{ repository: AccessRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`AccessRepository contract: ${name}`, () => {
    let repository: AccessRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    async function world() {
      const suffix = unique();
      const organization = await seed.organization({ slug: `acme-${suffix}`, name: 'Acme' });
      const other = await seed.organization({ slug: `other-${suffix}`, name: 'Other' });
      const member = await seed.user({ email: `member-${suffix}@acme.test`, name: 'Max' });
      const admin = await seed.user({ email: `admin-${suffix}@acme.test`, name: 'Ada' });
      const stranger = await seed.user({ email: `stranger-${suffix}@x.test`, name: 'Sam' });
      await seed.membership({ organizationId: organization.id, userId: member.id, role: 'MEMBER' });
      await seed.membership({ organizationId: organization.id, userId: admin.id, role: 'ADMIN' });
      await seed.membership({ organizationId: other.id, userId: stranger.id, role: 'ADMIN' });
      const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app', isPrivate: true });
      const job = await seed.job({ projectId: project.id, number: 7, branch: 'main', status: 'SUCCESS' });
      const ref = { vcsType: 'github' as const, organization: organization.slug, project: 'app' };
      return { organization, other, member, admin, stranger, project, job, ref };
    }

    test('finds a token by its secret hash, with its kind, scope, project and revocation', async () => {
      const { member, project } = await world();
      const hash = `hash-${unique()}`;
      const token = await seed.token({ kind: 'PROJECT', scope: 'UPLOAD', secretHash: hash, userId: member.id, projectId: project.id });
      expect(await repository.findTokenBySecretHash(hash)).toEqual({
        id: token.id,
        kind: 'PROJECT',
        scope: 'UPLOAD',
        userId: member.id,
        projectId: project.id,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await repository.findTokenBySecretHash(`other-${hash}`)).toBeNull();
    });

    test('records when a token was last used', async () => {
      const { member } = await world();
      const hash = `hash-${unique()}`;
      const token = await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hash, userId: member.id });
      const at = new Date('2026-01-02T03:04:05.678Z');
      await repository.recordTokenUse(token.id, at);
      expect((await repository.findTokenBySecretHash(hash))?.lastUsedAt).toEqual(at);
    });

    test('finds a session by its secret hash', async () => {
      const { member } = await world();
      const hash = `session-${unique()}`;
      const expiresAt = new Date('2030-01-01T00:00:00.000Z');
      await seed.session({ secretHash: hash, userId: member.id, expiresAt });
      expect(await repository.findSessionBySecretHash(hash)).toEqual({ userId: member.id, expiresAt });
      expect(await repository.findSessionBySecretHash(`x${hash}`)).toBeNull();
    });

    test('finds a project by reference with its organization and the caller\'s role', async () => {
      const { organization, member, admin, stranger, project, ref } = await world();
      const facts = await repository.findProject(ref, member.id);
      expect(facts?.project).toEqual({ ...project, organization });
      expect(facts?.role).toBe('MEMBER');
      expect((await repository.findProject(ref, admin.id))?.role).toBe('ADMIN');
      expect((await repository.findProject(ref, stranger.id))?.role).toBeNull();
      expect((await repository.findProject(ref, null))?.role).toBeNull();
      expect(await repository.findProject({ ...ref, project: 'missing' }, member.id)).toBeNull();
      expect(await repository.findProject({ ...ref, vcsType: 'bitbucket' }, member.id)).toBeNull();
    });

    test('finds a project\'s job by number in the same answer, or null for a missing number', async () => {
      const { member, job, ref } = await world();
      const found = await repository.findProjectJob(ref, 7, member.id);
      expect(found?.job).toEqual(job);
      expect(found?.role).toBe('MEMBER');
      const missing = await repository.findProjectJob(ref, 8, member.id);
      expect(missing?.job).toBeNull();
      expect(missing?.project.name).toBe('app');
      expect(await repository.findProjectJob({ ...ref, project: 'missing' }, 7, member.id)).toBeNull();
    });

    test('finds a job by id with its project and the caller\'s role', async () => {
      const { organization, admin, project, job } = await world();
      const found = await repository.findJobById(job.id, admin.id);
      expect(found).toEqual({ project: { ...project, organization }, role: 'ADMIN', job });
      expect(await repository.findJobById(crypto.randomUUID(), admin.id)).toBeNull();
    });

    test('finds an organization with the caller\'s role and whether it has a public project', async () => {
      const { organization, other, member, stranger } = await world();
      expect(await repository.findOrganization(organization.slug, member.id)).toEqual({ organization, role: 'MEMBER', hasPublicProject: false });
      expect((await repository.findOrganization(organization.slug, stranger.id))?.role).toBeNull();
      await seed.project({ organizationId: other.id, vcsType: 'GITHUB', name: 'open', isPrivate: false });
      expect((await repository.findOrganization(other.slug, null))?.hasPublicProject).toBe(true);
      expect(await repository.findOrganization(`missing-${unique()}`, null)).toBeNull();
    });
  });
}
