import type { RecordSeeder } from '../testing/record-seeder';
import { uniqueSuffix as unique } from './directory.contract-world';
import type { ShareLinkRepository } from './share-link.repository';

/** What every ShareLinkRepository must answer: run on PostgreSQL (integration) and the in-memory fake (unit). */
export function describeShareLinkRepositoryContract(name: string, setup: () => Promise<{ repository: ShareLinkRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`ShareLinkRepository contract: ${name}`, () => {
    let repository: ShareLinkRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    const NOW = new Date('2026-12-06T12:00:00.000Z');
    const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);

    async function world() {
      const suffix = unique();
      const organization = await seed.organization({ slug: `acme-${suffix}`, name: 'Acme' });
      const user = await seed.user({ email: `ada-${suffix}@acme.test`, name: 'Ada' });
      const other = await seed.user({ email: `bob-${suffix}@acme.test`, name: 'Bob' });
      const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app' });
      const job = await seed.job({ projectId: project.id, number: 7 });
      return { organization, user, other, project, job, suffix };
    }

    test('creates a link to a job or a stream, finds it by its secret hash only, lists newest first, by creator', async () => {
      const { organization, user, other, project, job, suffix } = await world();
      const fixed = await repository.create({
        projectId: project.id,
        createdBy: user.id,
        secretHash: `h1-${suffix}`,
        target: { jobId: job.id },
        nodeIndex: 1,
        pathPrefix: 'dist',
        note: 'for QA',
        expiresAt: at(24),
      });
      expect(fixed).toEqual({
        id: expect.any(String),
        projectId: project.id,
        creator: { id: user.id, name: 'Ada', email: user.email },
        job: { id: job.id, number: 7 },
        stream: null,
        nodeIndex: 1,
        pathPrefix: 'dist',
        note: 'for QA',
        expiresAt: at(24),
        revokedAt: null,
        useCount: 0,
        lastUsedAt: null,
        createdAt: expect.any(Date),
      });
      const stream = await repository.create({
        projectId: project.id,
        createdBy: other.id,
        secretHash: `h2-${suffix}`,
        target: { stream: { name: 'build', branch: 'main' } },
        nodeIndex: null,
        pathPrefix: '',
        note: null,
        expiresAt: at(1),
      });
      expect(stream).toMatchObject({ job: null, stream: { name: 'build', branch: 'main' }, nodeIndex: null, pathPrefix: '' });
      expect(await repository.findBySecretHash(`h1-${suffix}`)).toEqual({ ...fixed, organizationId: organization.id, sharingEnabled: true });
      expect(await repository.findBySecretHash(`nope-${suffix}`)).toBeNull();
      expect(await repository.find(project.id, fixed.id)).toEqual(fixed);
      const elsewhere = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'other' });
      expect(await repository.find(elsewhere.id, fixed.id)).toBeNull();
      const listed = await repository.listForProject(project.id);
      expect(listed.map((l) => l.id).sort()).toEqual([fixed.id, stream.id].sort());
      expect((await repository.listForProject(project.id, { createdBy: other.id })).map((l) => l.id)).toEqual([stream.id]);
    });

    test('revocation keeps its first time; uses are counted; the organization switch shows on resolution', async () => {
      const { organization, user, project, job, suffix } = await world();
      const link = await repository.create({ projectId: project.id, createdBy: user.id, secretHash: `h-${suffix}`, target: { jobId: job.id }, nodeIndex: null, pathPrefix: '', note: null, expiresAt: at(2) });
      await repository.recordUse(link.id, at(1));
      await repository.recordUse(link.id, at(1.5));
      await repository.revoke(link.id, at(1.6));
      await repository.revoke(link.id, at(1.9));
      expect(await repository.organizationEnabled(organization.id)).toBe(true);
      await repository.setOrganizationEnabled(organization.id, false);
      expect(await repository.organizationEnabled(organization.id)).toBe(false);
      expect(await repository.findBySecretHash(`h-${suffix}`)).toMatchObject({ useCount: 2, lastUsedAt: at(1.5), revokedAt: at(1.6), sharingEnabled: false });
      await repository.setOrganizationEnabled(organization.id, true);
      expect(await repository.findBySecretHash(`h-${suffix}`)).toMatchObject({ sharingEnabled: true });
    });


    test("a scope's latest artifact expiry counts whole path segments, its container, and only available unexpired artifacts", async () => {
      const { job } = await world();
      await seed.artifact({ jobId: job.id, path: 'dist/a', expiresAt: at(10) });
      await seed.artifact({ jobId: job.id, path: 'dist-private/b', expiresAt: at(50) });
      await seed.artifact({ jobId: job.id, path: 'dist', nodeIndex: 1, expiresAt: at(20) });
      await seed.artifact({ jobId: job.id, path: 'dist/c', expiresAt: at(90), state: 'DELETING' });
      await seed.artifact({ jobId: job.id, path: 'dist/old', expiresAt: at(-1) });
      expect(await repository.latestArtifactExpiry(job.id, { nodeIndex: null, pathPrefix: 'dist' }, NOW)).toEqual(at(20));
      expect(await repository.latestArtifactExpiry(job.id, { nodeIndex: 0, pathPrefix: 'dist' }, NOW)).toEqual(at(10));
      expect(await repository.latestArtifactExpiry(job.id, { nodeIndex: null, pathPrefix: '' }, NOW)).toEqual(at(50));
      expect(await repository.latestArtifactExpiry(job.id, { nodeIndex: 2, pathPrefix: '' }, NOW)).toBeNull();
    });
  });
}
