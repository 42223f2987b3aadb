import type { RecordSeeder } from '../testing/record-seeder';
import { uniqueSuffix as unique } from './directory.contract-world';
import type { ProjectRepository } from './project.repository';

/** What every ProjectRepository must answer: run on PostgreSQL (integration) and the in-memory fake (unit). */
export function describeProjectRepositoryContract(name: string, setup: () => Promise<{ repository: ProjectRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`ProjectRepository contract: ${name}`, () => {
    let repository: ProjectRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    const organization = () => seed.organization({ slug: `acme-${unique()}`, name: 'Acme' });

    test('creates a project with its organization, and answers null for a name taken under the same VCS type', async () => {
      const org = await organization();
      const created = await repository.create({ organizationId: org.id, vcsType: 'GITHUB', name: 'app', isPrivate: true });
      expect(created).toEqual({ id: expect.any(String), organizationId: org.id, vcsType: 'GITHUB', name: 'app', isPrivate: true, defaultBranch: 'main', createdAt: expect.any(Date), organization: org });
      expect(await repository.create({ organizationId: org.id, vcsType: 'GITHUB', name: 'app', isPrivate: false })).toBeNull();
      expect((await repository.create({ organizationId: org.id, vcsType: 'CIRCLECI', name: 'app', isPrivate: false, defaultBranch: 'trunk' }))?.defaultBranch).toBe('trunk');
      expect((await repository.create({ organizationId: org.id, vcsType: 'BITBUCKET', name: 'app', isPrivate: false }))?.vcsType).toBe('BITBUCKET');
    });

    test('renames and changes visibility, answering null when the new name is taken', async () => {
      const org = await organization();
      const app = await seed.project({ organizationId: org.id, vcsType: 'GITHUB', name: 'app' });
      await seed.project({ organizationId: org.id, vcsType: 'GITHUB', name: 'lib' });
      expect(await repository.update(app.id, { name: 'web', isPrivate: false })).toEqual({ ...app, name: 'web', isPrivate: false, organization: org });
      expect(await repository.update(app.id, { name: 'lib' })).toBeNull();
      expect(await repository.update(app.id, {})).toMatchObject({ name: 'web', isPrivate: false });
    });

    test('changes the default branch (main unless changed), leaving the rest as it is', async () => {
      const org = await organization();
      const app = await seed.project({ organizationId: org.id, vcsType: 'GITHUB', name: 'app' });
      expect(app.defaultBranch).toBe('main');
      expect(await repository.update(app.id, { defaultBranch: 'release/2.x' })).toEqual({ ...app, defaultBranch: 'release/2.x', organization: org });
      expect(await repository.update(app.id, { isPrivate: false })).toMatchObject({ defaultBranch: 'release/2.x', isPrivate: false });
    });

    test('lists an organization\'s projects by name, all or only the public ones', async () => {
      const org = await organization();
      const other = await organization();
      await seed.project({ organizationId: org.id, vcsType: 'GITHUB', name: 'zeta', isPrivate: false });
      await seed.project({ organizationId: org.id, vcsType: 'GITHUB', name: 'alpha', isPrivate: true });
      await seed.project({ organizationId: other.id, vcsType: 'GITHUB', name: 'beta', isPrivate: false });
      expect((await repository.listForOrganization(org.id, { includePrivate: true })).map((p) => p.name)).toEqual(['alpha', 'zeta']);
      const open = await repository.listForOrganization(org.id, { includePrivate: false });
      expect(open.map((p) => [p.name, p.organization.slug])).toEqual([['zeta', org.slug]]);
    });
  });
}
