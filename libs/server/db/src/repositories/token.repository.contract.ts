import crypto from 'node:crypto';
import type { RecordSeeder } from '../testing/record-seeder';
import { uniqueSuffix as unique } from './directory.contract-world';
import type { AccessRepository } from './access.repository';
import type { TokenRepository } from './token.repository';

/** What every TokenRepository must answer: run on PostgreSQL (integration) and the in-memory fake (unit). */
export function describeTokenRepositoryContract(name: string, setup: () => Promise<{ repository: TokenRepository; access: AccessRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`TokenRepository contract: ${name}`, () => {
    let repository: TokenRepository;
    let access: AccessRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, access, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    async function world() {
      const suffix = unique();
      const organization = await seed.organization({ slug: `acme-${suffix}`, name: 'Acme' });
      const user = await seed.user({ email: `ada-${suffix}@acme.test`, name: 'Ada' });
      const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app' });
      return { organization, user, project };
    }

    test('creates a token and answers it without its secret, naming its project', async () => {
      const { organization, user, project } = await world();
      const created = await repository.create({ kind: 'PROJECT', scope: 'UPLOAD', name: 'ci', secretHash: `h-${unique()}`, prefix: 'stw_abc', userId: user.id, projectId: project.id });
      expect(created).toEqual({
        id: expect.any(String),
        kind: 'PROJECT',
        scope: 'UPLOAD',
        name: 'ci',
        prefix: 'stw_abc',
        userId: user.id,
        project: { vcsType: 'GITHUB', organizationSlug: organization.slug, name: 'app' },
        createdAt: expect.any(Date),
        lastUsedAt: null,
        revokedAt: null,
      });
      const personal = await repository.create({ kind: 'PERSONAL', scope: 'ALL', name: 'me', secretHash: `h-${unique()}`, prefix: 'stw_def', userId: user.id, projectId: null });
      expect(personal.project).toBeNull();
    });

    test('lists a user\'s personal tokens and a project\'s tokens, newest first, each kind apart', async () => {
      const { user, project } = await world();
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
      const old = await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: `h-${unique()}`, userId: user.id, createdAt: at(1) });
      const recent = await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: `h-${unique()}`, userId: user.id, createdAt: at(2) });
      const ci = await seed.token({ kind: 'PROJECT', scope: 'READ', secretHash: `h-${unique()}`, userId: user.id, projectId: project.id, createdAt: at(3) });
      expect((await repository.listPersonal(user.id)).map((t) => t.id)).toEqual([recent.id, old.id]);
      expect((await repository.listForProject(project.id)).map((t) => t.id)).toEqual([ci.id]);
    });

    test('revokes only a token of the given owner, keeping the first revocation time', async () => {
      const { user, project } = await world();
      const stranger = await seed.user({ email: `s-${unique()}@x.test`, name: 'S' });
      const token = await seed.token({ kind: 'PROJECT', scope: 'READ', secretHash: `h-${unique()}`, userId: user.id, projectId: project.id });
      const first = new Date('2026-02-01T00:00:00.000Z');
      expect(await repository.revoke(token.id, { userId: stranger.id }, first)).toBe(false);
      expect(await repository.revoke(token.id, { projectId: project.id }, first)).toBe(true);
      expect(await repository.revoke(token.id, { userId: user.id }, new Date('2026-03-01T00:00:00.000Z'))).toBe(true);
      expect((await repository.listForProject(project.id))[0].revokedAt).toEqual(first);
      expect(await repository.revoke(crypto.randomUUID(), { userId: user.id }, first)).toBe(false);
    });

    test('creates and deletes sessions by their secret hash', async () => {
      const { user } = await world();
      const hash = `s-${unique()}`;
      const expiresAt = new Date('2030-01-01T00:00:00.000Z');
      await repository.createSession({ secretHash: hash, userId: user.id, expiresAt });
      // Read back as authentication does, on each request.
      expect(await access.findSessionBySecretHash(hash)).toEqual({ userId: user.id, expiresAt });
      await repository.deleteSession(hash);
      expect(await access.findSessionBySecretHash(hash)).toBeNull();
    });
  });
}
