import { ManualClock, type Principal, type ProjectTokenScopeRecord } from '@stowage/domain';
import type { AppConfig } from '@stowage/server-config';
import {
  InMemoryAccessRepository,
  InMemoryDatabase,
  InMemoryOrganizationRepository,
  InMemoryProjectRepository,
  InMemoryRecordSeeder,
  InMemoryTokenRepository,
  InMemoryUserRepository,
} from '@stowage/server-db/fakes';

/**
 * A directory on in-memory fakes with every kind of caller the access policy tells apart: an admin
 * and a member of acme, an outsider (admin of another organization), acme's private `app` and
 * public `lib`, and project tokens of app with each scope.
 */
export async function directoryWorld() {
  const tables = new InMemoryDatabase();
  const seed = new InMemoryRecordSeeder(tables);
  const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
  const config = { env: { SESSION_TTL_HOURS: 12 }, publicUrl: 'https://stowage.test' } as unknown as AppConfig;
  const ctx = {
    clock,
    config,
    access: new InMemoryAccessRepository(tables),
    organizations: new InMemoryOrganizationRepository(tables),
    users: new InMemoryUserRepository(tables),
    projects: new InMemoryProjectRepository(tables),
    tokens: new InMemoryTokenRepository(tables),
  };
  const acme = await seed.organization({ slug: 'acme', name: 'Acme' });
  const other = await seed.organization({ slug: 'other', name: 'Other' });
  const admin = await seed.user({ email: 'ada@acme.test', name: 'Ada' });
  const member = await seed.user({ email: 'max@acme.test', name: 'Max' });
  const outsider = await seed.user({ email: 'olga@other.test', name: 'Olga' });
  await seed.membership({ organizationId: acme.id, userId: admin.id, role: 'ADMIN' });
  await seed.membership({ organizationId: acme.id, userId: member.id, role: 'MEMBER' });
  await seed.membership({ organizationId: other.id, userId: outsider.id, role: 'ADMIN' });
  const app = await seed.project({ organizationId: acme.id, vcsType: 'GITHUB', name: 'app', isPrivate: true });
  const lib = await seed.project({ organizationId: acme.id, vcsType: 'GITHUB', name: 'lib', isPrivate: false });
  const as = (userId: string): Principal => ({ kind: 'user', userId });
  const projectToken = (scope: ProjectTokenScopeRecord): Principal => ({ kind: 'project-token', projectId: app.id, scope, tokenId: `tok-${scope}`, userId: admin.id });
  return {
    tables,
    seed,
    clock,
    ctx,
    acme,
    other,
    users: { admin, member, outsider },
    projects: { app, lib },
    principals: {
      admin: as(admin.id),
      member: as(member.id),
      outsider: as(outsider.id),
      anonymous: { kind: 'anonymous' } as Principal,
      uploadToken: projectToken('UPLOAD'),
      readToken: projectToken('READ'),
      uploadReadToken: projectToken('UPLOAD_READ'),
    },
    refs: {
      app: { vcsType: 'github' as const, organization: 'acme', project: 'app' },
      lib: { vcsType: 'github' as const, organization: 'acme', project: 'lib' },
    },
  };
}
