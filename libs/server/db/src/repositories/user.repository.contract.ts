import type { RecordSeeder } from '../testing/record-seeder';
import { uniqueSuffix as unique } from './directory.contract-world';
import type { UserRepository } from './user.repository';

/** What every UserRepository must answer: run on PostgreSQL (integration) and the in-memory fake (unit). */
export function describeUserRepositoryContract(name: string, setup: () => Promise<{ repository: UserRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`UserRepository contract: ${name}`, () => {
    let repository: UserRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    test('creates a user, finds it by email and id, and answers null for an email already taken', async () => {
      const email = `ada-${unique()}@acme.test`;
      const created = await repository.create({ email, name: 'Ada', passwordHash: 'hash' });
      expect(created).toEqual({ id: expect.any(String), email, name: 'Ada', passwordHash: 'hash', createdAt: expect.any(Date) });
      expect(await repository.findByEmail(email)).toEqual(created);
      expect(await repository.findById(created!.id)).toEqual(created);
      expect(await repository.create({ email, name: 'Other', passwordHash: null })).toBeNull();
      expect(await repository.findByEmail(`missing-${email}`)).toBeNull();
    });

    test('lists users by email', async () => {
      const suffix = unique();
      await seed.user({ email: `zz-${suffix}@x.test`, name: 'Z' });
      await seed.user({ email: `aa-${suffix}@x.test`, name: 'A' });
      expect((await repository.list()).filter((u) => u.email.includes(suffix)).map((u) => u.name)).toEqual(['A', 'Z']);
    });

    test('replaces a password hash', async () => {
      const user = await seed.user({ email: `p-${unique()}@x.test`, name: 'P' });
      await repository.setPasswordHash(user.id, 'new-hash');
      expect((await repository.findById(user.id))?.passwordHash).toBe('new-hash');
    });
  });
}
