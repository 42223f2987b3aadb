import type { RecordSeeder } from '../testing/record-seeder';
import { uniqueSuffix as unique } from './directory.contract-world';
import type { OrganizationRepository } from './organization.repository';

/** What every OrganizationRepository must answer: run on PostgreSQL (integration) and the in-memory fake (unit). */
export function describeOrganizationRepositoryContract(
  name: string,
  setup: () => Promise<{ repository: OrganizationRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>,
) {
  describe(`OrganizationRepository contract: ${name}`, () => {
    let repository: OrganizationRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    test('creates an organization, finds it by slug, and answers null for a slug already taken', async () => {
      const slug = `acme-${unique()}`;
      const created = await repository.create({ slug, name: 'Acme', artifactRetentionDays: 7 });
      expect(created).toEqual({ id: expect.any(String), slug, name: 'Acme', artifactRetentionDays: 7, createdAt: expect.any(Date) });
      expect(await repository.findBySlug(slug)).toEqual(created);
      expect(await repository.create({ slug, name: 'Again', artifactRetentionDays: 30 })).toBeNull();
      expect(await repository.findBySlug(`missing-${unique()}`)).toBeNull();
    });

    test('lists every organization by slug', async () => {
      const suffix = unique();
      await seed.organization({ slug: `b-${suffix}`, name: 'B' });
      await seed.organization({ slug: `a-${suffix}`, name: 'A' });
      const slugs = (await repository.list()).map((o) => o.slug).filter((s) => s.endsWith(suffix));
      expect(slugs).toEqual([`a-${suffix}`, `b-${suffix}`]);
    });

    test('lists the organizations of a user by slug with the user\'s role in each', async () => {
      const suffix = unique();
      const b = await seed.organization({ slug: `b-${suffix}`, name: 'B' });
      const a = await seed.organization({ slug: `a-${suffix}`, name: 'A' });
      await seed.organization({ slug: `c-${suffix}`, name: 'C' });
      const user = await seed.user({ email: `u-${suffix}@x.test`, name: 'U' });
      await seed.membership({ organizationId: b.id, userId: user.id, role: 'MEMBER' });
      await seed.membership({ organizationId: a.id, userId: user.id, role: 'ADMIN' });
      expect(await repository.listForUser(user.id)).toEqual([
        { organization: a, role: 'ADMIN' },
        { organization: b, role: 'MEMBER' },
      ]);
    });

    test('sets, changes, finds, counts and removes members, listing them by email', async () => {
      const suffix = unique();
      const organization = await seed.organization({ slug: `m-${suffix}`, name: 'M' });
      const zed = await seed.user({ email: `zed-${suffix}@x.test`, name: 'Zed' });
      const amy = await seed.user({ email: `amy-${suffix}@x.test`, name: 'Amy' });
      expect(await repository.setMember(organization.id, zed.id, 'ADMIN')).toEqual({ userId: zed.id, email: zed.email, name: 'Zed', role: 'ADMIN' });
      await repository.setMember(organization.id, amy.id, 'ADMIN');
      expect(await repository.countAdmins(organization.id)).toBe(2);
      expect(await repository.setMember(organization.id, amy.id, 'MEMBER')).toEqual({ userId: amy.id, email: amy.email, name: 'Amy', role: 'MEMBER' });
      expect(await repository.countAdmins(organization.id)).toBe(1);
      expect((await repository.listMembers(organization.id)).map((m) => m.name)).toEqual(['Amy', 'Zed']);
      expect((await repository.findMember(organization.id, zed.id))?.role).toBe('ADMIN');
      await repository.removeMember(organization.id, zed.id);
      expect(await repository.findMember(organization.id, zed.id)).toBeNull();
      expect(await repository.listMembers(organization.id)).toEqual([{ userId: amy.id, email: amy.email, name: 'Amy', role: 'MEMBER' }]);
      expect(await repository.countAdmins(organization.id)).toBe(0);
    });
  });
}
