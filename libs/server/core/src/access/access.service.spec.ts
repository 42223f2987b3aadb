import { DomainError, ManualClock } from '@stowage/domain';
import type { Db, Sql } from '@stowage/server-db';
import { AccessService, type ProjectWithOrganization } from './access.service';
import { ANONYMOUS, type Principal } from '@stowage/domain';
import { hashSecret } from './secret';

// Hand-written fakes of what AccessService asks the database: its prepared statements (by name, with
// their parameters, answered with the rows and column names the SQL returns) and the few Prisma calls
// left (last-use writes, organizations). Rows are looked up the way the database would (tokens and
// sessions by the SHA-256 of their secret, roles by the user id the service passes), so the
// service's own work (hashing, comparing dates, deciding) is what the tests exercise. The SQL itself
// runs against PostgreSQL in the API's integration tests (the authorization matrix).

interface TokenRow {
  id: string;
  kind: 'PERSONAL' | 'PROJECT';
  scope: 'UPLOAD' | 'READ' | 'ALL';
  secretHash: string;
  userId: string;
  projectId: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface World {
  organizations: Array<{ id: string; slug: string; name: string; artifactRetentionDays: number; createdAt: Date }>;
  projects: Array<{ id: string; organizationId: string; vcsType: 'GITHUB' | 'BITBUCKET' | 'CIRCLECI'; name: string; isPrivate: boolean; createdAt: Date }>;
  jobs: Array<{ id: string; projectId: string; number: number }>;
  memberships: Array<{ organizationId: string; userId: string; role: 'ADMIN' | 'MEMBER' }>;
  tokens: TokenRow[];
  sessions: Array<{ id: string; secretHash: string; userId: string; expiresAt: Date }>;
  tokenUpdates: Array<{ id: string; lastUsedAt: Date }>;
}

function fakeDb(world: World): Db {
  const db = {
    apiToken: {
      update: async ({ where, data }: { where: { id: string }; data: { lastUsedAt: Date } }) => {
        const token = world.tokens.find((t) => t.id === where.id);
        if (!token) throw new Error(`no token ${where.id}`);
        token.lastUsedAt = data.lastUsedAt;
        world.tokenUpdates.push({ id: where.id, lastUsedAt: data.lastUsedAt });
        return { ...token };
      },
    },
    project: {
      count: async ({ where }: { where: { organizationId: string; isPrivate: boolean } }) =>
        world.projects.filter((p) => p.organizationId === where.organizationId && p.isPrivate === where.isPrivate).length,
    },
    organization: {
      findUnique: async ({ where }: { where: { slug: string } }) => world.organizations.find((o) => o.slug === where.slug) ?? null,
    },
  };
  return db as unknown as Db;
}

function fakeSql(world: World): Sql {
  const roleOf = (organizationId: string, userId: string | null) =>
    world.memberships.find((m) => m.organizationId === organizationId && m.userId === userId)?.role ?? null;
  // The columns of PROJECT_COLUMNS: the project, its organization (org_*), and the caller's role.
  const projectRow = (project: World['projects'][number], userId: string | null) => {
    const organization = world.organizations.find((o) => o.id === project.organizationId)!;
    return {
      id: project.id,
      organization_id: project.organizationId,
      vcs_type: project.vcsType,
      name: project.name,
      is_private: project.isPrivate,
      created_at: project.createdAt,
      org_slug: organization.slug,
      org_name: organization.name,
      org_artifact_retention_days: organization.artifactRetentionDays,
      org_created_at: organization.createdAt,
      role: roleOf(project.organizationId, userId),
    };
  };
  const jobColumns = (job: World['jobs'][number] | undefined) => ({
    job_id: job?.id ?? null,
    job_number: job?.number ?? null,
    job_name: job ? 'build' : null,
    job_branch: null,
    job_revision: null,
    job_status: job ? 'SUCCESS' : null,
    job_parallelism: job ? 1 : null,
    job_started_at: null,
    job_stopped_at: null,
    job_created_at: job ? T0 : null,
  });
  const byRef = ([slug, vcsType, name]: unknown[]) =>
    world.projects.find((p) => p.vcsType === vcsType && p.name === name && world.organizations.find((o) => o.id === p.organizationId)?.slug === slug);
  const statements: Record<string, (values: unknown[]) => object[]> = {
    'access.token': ([hash]) => world.tokens.filter((t) => t.secretHash === hash).map((t) => ({
      id: t.id, kind: t.kind, scope: t.scope, user_id: t.userId, project_id: t.projectId, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt,
    })),
    'access.session': ([hash]) => world.sessions.filter((s) => s.secretHash === hash).map((s) => ({ user_id: s.userId, expires_at: s.expiresAt })),
    'access.role': ([organizationId, userId]) => {
      const role = roleOf(organizationId as string, userId as string);
      return role ? [{ role }] : [];
    },
    'access.project': (values) => {
      const project = byRef(values);
      return project ? [projectRow(project, values[3] as string | null)] : [];
    },
    'access.project-job': (values) => {
      const project = byRef(values);
      if (!project) return [];
      return [{ ...projectRow(project, values[3] as string | null), ...jobColumns(world.jobs.find((j) => j.projectId === project.id && j.number === values[4])) }];
    },
    'access.job': ([jobId, userId]) => {
      const job = world.jobs.find((j) => j.id === jobId);
      const project = job && world.projects.find((p) => p.id === job.projectId);
      return job && project ? [{ ...projectRow(project, userId as string | null), ...jobColumns(job) }] : [];
    },
  };
  return {
    query: async (name: string, _text: string, values: unknown[]) => {
      const statement = statements[name];
      if (!statement) throw new Error(`the fake knows no statement ${name}`);
      return statement(values);
    },
  } as unknown as Sql;
}

const T0 = new Date('2026-03-01T12:00:00Z');
const ACME = 'org-acme';
const PRIVATE_APP = 'project-private';
const PUBLIC_LIB = 'project-public';
const OTHER_PRIVATE = 'project-other';
const ADMIN = 'user-admin';
const MEMBER = 'user-member';
const OUTSIDER = 'user-outsider';

const SECRETS = {
  uploadPrivate: 'stw_upload-private',
  readPrivate: 'stw_read-private',
  readOther: 'stw_read-other',
  uploadOther: 'stw_upload-other',
  personalMember: 'stw_personal-member',
  revoked: 'stw_revoked',
  memberSession: 'sess_member',
  expiredSession: 'sess_expired',
};

function setup() {
  const clock = new ManualClock(T0);
  const token = (id: string, secret: string, fields: Partial<TokenRow>): TokenRow => ({
    id,
    kind: 'PROJECT',
    scope: 'READ',
    secretHash: hashSecret(secret),
    userId: ADMIN,
    projectId: null,
    lastUsedAt: null,
    revokedAt: null,
    ...fields,
  });
  const world: World = {
    organizations: [
      { id: ACME, slug: 'acme', name: 'Acme', artifactRetentionDays: 30, createdAt: T0 },
      { id: 'org-secretive', slug: 'secretive', name: 'Secretive', artifactRetentionDays: 30, createdAt: T0 },
    ],
    projects: [
      { id: PRIVATE_APP, organizationId: ACME, vcsType: 'GITHUB', name: 'app', isPrivate: true, createdAt: T0 },
      { id: PUBLIC_LIB, organizationId: ACME, vcsType: 'GITHUB', name: 'lib', isPrivate: false, createdAt: T0 },
      { id: OTHER_PRIVATE, organizationId: ACME, vcsType: 'GITHUB', name: 'other', isPrivate: true, createdAt: T0 },
      { id: 'project-secretive', organizationId: 'org-secretive', vcsType: 'GITHUB', name: 'x', isPrivate: true, createdAt: T0 },
    ],
    jobs: [
      { id: 'job-app-1', projectId: PRIVATE_APP, number: 1 },
      { id: 'job-lib-1', projectId: PUBLIC_LIB, number: 1 },
    ],
    memberships: [
      { organizationId: ACME, userId: ADMIN, role: 'ADMIN' },
      { organizationId: ACME, userId: MEMBER, role: 'MEMBER' },
    ],
    tokens: [
      token('tok-upload-private', SECRETS.uploadPrivate, { scope: 'UPLOAD', projectId: PRIVATE_APP }),
      token('tok-read-private', SECRETS.readPrivate, { scope: 'READ', projectId: PRIVATE_APP }),
      token('tok-read-other', SECRETS.readOther, { scope: 'READ', projectId: OTHER_PRIVATE }),
      token('tok-upload-other', SECRETS.uploadOther, { scope: 'UPLOAD', projectId: OTHER_PRIVATE }),
      token('tok-personal-member', SECRETS.personalMember, { kind: 'PERSONAL', scope: 'ALL', userId: MEMBER }),
      token('tok-revoked', SECRETS.revoked, { scope: 'UPLOAD', projectId: PRIVATE_APP, revokedAt: new Date(T0.getTime() - 1000) }),
    ],
    sessions: [
      { id: 's1', secretHash: hashSecret(SECRETS.memberSession), userId: MEMBER, expiresAt: new Date(T0.getTime() + 3600_000) },
      { id: 's2', secretHash: hashSecret(SECRETS.expiredSession), userId: MEMBER, expiresAt: new Date(T0.getTime() - 1) },
    ],
    tokenUpdates: [],
  };
  const access = new AccessService(fakeDb(world), fakeSql(world), clock);
  return { access, clock, world };
}

const user = (userId: string): Principal => ({ kind: 'user', userId });
const ref = (project: string, organization = 'acme') => ({ vcsType: 'github' as const, organization, project });

/** The DomainError a promise rejects with (fails the test when it resolves or throws something else). */
async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a DomainError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw error;
  return error;
}

describe('AccessService.authenticate', () => {
  it('maps a project token (looked up by the SHA-256 of its secret) to a project-token principal with its scope', async () => {
    const { access } = setup();
    await expect(access.authenticate({ token: SECRETS.uploadPrivate })).resolves.toEqual({
      kind: 'project-token',
      projectId: PRIVATE_APP,
      scope: 'UPLOAD',
      tokenId: 'tok-upload-private',
      userId: ADMIN,
    });
  });

  it('maps a personal token to its user', async () => {
    const { access } = setup();
    await expect(access.authenticate({ token: SECRETS.personalMember })).resolves.toEqual({
      kind: 'user',
      userId: MEMBER,
      tokenId: 'tok-personal-member',
    });
  });

  it('refuses a revoked token as unauthorized, even though anonymous access would be allowed', async () => {
    const { access } = setup();
    expect((await domainError(access.authenticate({ token: SECRETS.revoked }))).kind).toBe('unauthorized');
  });

  it('refuses an unknown token as unauthorized', async () => {
    const { access } = setup();
    expect((await domainError(access.authenticate({ token: 'stw_never-issued' }))).kind).toBe('unauthorized');
  });

  it('prefers the token over a session when both are sent', async () => {
    const { access } = setup();
    const principal = await access.authenticate({ token: SECRETS.readPrivate, sessionSecret: SECRETS.memberSession });
    expect(principal.kind).toBe('project-token');
  });

  it('maps a live session to its user', async () => {
    const { access } = setup();
    await expect(access.authenticate({ sessionSecret: SECRETS.memberSession })).resolves.toEqual({ kind: 'user', userId: MEMBER });
  });

  it('treats an expired session as anonymous', async () => {
    const { access } = setup();
    await expect(access.authenticate({ sessionSecret: SECRETS.expiredSession })).resolves.toEqual(ANONYMOUS);
  });

  it('treats a session as anonymous once the clock passes its expiry', async () => {
    const { access, clock } = setup();
    clock.advance(3600_000 + 1);
    await expect(access.authenticate({ sessionSecret: SECRETS.memberSession })).resolves.toEqual(ANONYMOUS);
  });

  it('treats an unknown session and no credentials at all as anonymous', async () => {
    const { access } = setup();
    await expect(access.authenticate({ sessionSecret: 'sess_unknown' })).resolves.toEqual(ANONYMOUS);
    await expect(access.authenticate({})).resolves.toEqual(ANONYMOUS);
  });

  it('writes lastUsedAt on first use and then at most once a minute', async () => {
    const { access, clock, world } = setup();
    await access.authenticate({ token: SECRETS.readPrivate });
    expect(world.tokenUpdates).toEqual([{ id: 'tok-read-private', lastUsedAt: T0 }]);

    clock.advance(30_000);
    await access.authenticate({ token: SECRETS.readPrivate });
    clock.advance(30_000); // exactly one minute after the write: still not more than a minute
    await access.authenticate({ token: SECRETS.readPrivate });
    expect(world.tokenUpdates).toHaveLength(1);

    clock.advance(1);
    await access.authenticate({ token: SECRETS.readPrivate });
    expect(world.tokenUpdates).toEqual([
      { id: 'tok-read-private', lastUsedAt: T0 },
      { id: 'tok-read-private', lastUsedAt: new Date(T0.getTime() + 60_001) },
    ]);
  });

  it('does not write lastUsedAt for a revoked token', async () => {
    const { access, world } = setup();
    await domainError(access.authenticate({ token: SECRETS.revoked }));
    expect(world.tokenUpdates).toEqual([]);
  });
});

describe('AccessService.requireProject', () => {
  const principals = async (access: AccessService) => ({
    anonymous: ANONYMOUS,
    outsider: user(OUTSIDER),
    member: user(MEMBER),
    admin: user(ADMIN),
    uploadToken: await access.authenticate({ token: SECRETS.uploadPrivate }),
    readToken: await access.authenticate({ token: SECRETS.readPrivate }),
    otherReadToken: await access.authenticate({ token: SECRETS.readOther }),
    otherUploadToken: await access.authenticate({ token: SECRETS.uploadOther }),
  });

  it.each(['anonymous', 'outsider', 'otherReadToken', 'otherUploadToken'] as const)(
    'hides a private project from %s as not_found for read, upload and admin',
    async (who) => {
      const { access } = setup();
      const principal = (await principals(access))[who];
      for (const permission of ['read', 'upload', 'admin'] as const) {
        const error = await domainError(access.requireProject(ref('app'), principal, permission));
        expect({ permission, kind: error.kind }).toEqual({ permission, kind: 'not_found' });
        expect(error.message).toBe('project acme/app not found');
      }
    },
  );

  it('answers a missing project with the same not_found as a hidden one', async () => {
    const { access } = setup();
    const error = await domainError(access.requireProject(ref('nope'), user(ADMIN), 'read'));
    expect(error.kind).toBe('not_found');
  });

  it('does not find a project under another VCS type', async () => {
    const { access } = setup();
    const error = await domainError(access.requireProject({ ...ref('app'), vcsType: 'bitbucket' }, user(ADMIN), 'read'));
    expect(error.kind).toBe('not_found');
  });

  it('lets members and admins read a private project, returning their role', async () => {
    const { access } = setup();
    await expect(access.requireProject(ref('app'), user(MEMBER), 'read')).resolves.toMatchObject({ project: { id: PRIVATE_APP }, role: 'MEMBER' });
    await expect(access.requireProject(ref('app'), user(ADMIN), 'read')).resolves.toMatchObject({ project: { id: PRIVATE_APP }, role: 'ADMIN' });
  });

  it('lets anyone read a public project, including anonymous callers and outsiders', async () => {
    const { access } = setup();
    const all = await principals(access);
    for (const principal of [all.anonymous, all.outsider, all.otherReadToken]) {
      const result = await access.requireProject(ref('lib'), principal, 'read');
      expect(result.project.id).toBe(PUBLIC_LIB);
      expect(result.role).toBeNull();
    }
  });

  it('refuses an anonymous upload to a public project as unauthorized', async () => {
    const { access } = setup();
    expect((await domainError(access.requireProject(ref('lib'), ANONYMOUS, 'upload'))).kind).toBe('unauthorized');
  });

  it('refuses an outsider upload to a public project as forbidden', async () => {
    const { access } = setup();
    expect((await domainError(access.requireProject(ref('lib'), user(OUTSIDER), 'upload'))).kind).toBe('forbidden');
  });

  it('refuses a token of another project uploading to a public project as forbidden', async () => {
    const { access } = setup();
    const { otherUploadToken } = await principals(access);
    expect((await domainError(access.requireProject(ref('lib'), otherUploadToken, 'upload'))).kind).toBe('forbidden');
  });

  it('lets an upload-scope token upload to its own private project', async () => {
    const { access } = setup();
    const { uploadToken } = await principals(access);
    await expect(access.requireProject(ref('app'), uploadToken, 'upload')).resolves.toMatchObject({ project: { id: PRIVATE_APP }, role: null });
  });

  it('refuses an upload-scope token reading its own private project as forbidden (it knows the project exists)', async () => {
    const { access } = setup();
    const { uploadToken } = await principals(access);
    const error = await domainError(access.requireProject(ref('app'), uploadToken, 'read'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe('this token may not read this project');
  });

  it('lets a read-scope token read its own private project', async () => {
    const { access } = setup();
    const { readToken } = await principals(access);
    await expect(access.requireProject(ref('app'), readToken, 'read')).resolves.toMatchObject({ project: { id: PRIVATE_APP } });
  });

  it('refuses a read-scope token uploading to its own project as forbidden', async () => {
    const { access } = setup();
    const { readToken } = await principals(access);
    expect((await domainError(access.requireProject(ref('app'), readToken, 'upload'))).kind).toBe('forbidden');
  });

  it('hides other private projects from a read-scope token, even in the same organization', async () => {
    const { access } = setup();
    const { readToken } = await principals(access);
    expect((await domainError(access.requireProject(ref('other'), readToken, 'read'))).kind).toBe('not_found');
  });

  it('does not give a project token its creator’s admin role', async () => {
    const { access } = setup();
    const { readToken } = await principals(access); // created by ADMIN
    expect((await domainError(access.requireProject(ref('app'), readToken, 'admin'))).kind).toBe('forbidden');
  });

  it('lets a member upload but not administer', async () => {
    const { access } = setup();
    await expect(access.requireProject(ref('app'), user(MEMBER), 'upload')).resolves.toMatchObject({ role: 'MEMBER' });
    const error = await domainError(access.requireProject(ref('app'), user(MEMBER), 'admin'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe('only organization admins may do this');
  });

  it('lets an admin administer', async () => {
    const { access } = setup();
    await expect(access.requireProject(ref('app'), user(ADMIN), 'admin')).resolves.toMatchObject({ role: 'ADMIN' });
  });

  it('gives a member of another organization no access to this one', async () => {
    const { access, world } = setup();
    world.memberships.push({ organizationId: 'org-secretive', userId: OUTSIDER, role: 'ADMIN' });
    expect((await domainError(access.requireProject(ref('app'), user(OUTSIDER), 'read'))).kind).toBe('not_found');
  });

  it('authorizeProject applies the same rules to a project already loaded', async () => {
    const { access } = setup();
    const project = (await access.findProject(ref('app'))) as ProjectWithOrganization;
    expect((await domainError(access.authorizeProject(project, ANONYMOUS, 'upload'))).kind).toBe('not_found');
    await expect(access.authorizeProject(project, user(MEMBER), 'upload')).resolves.toMatchObject({ role: 'MEMBER' });
  });
});

describe('AccessService.requireJob and authorizeJob (project, role and job in one query)', () => {
  it('returns the job of a project the caller may read, with the project and role', async () => {
    const { access } = setup();
    await expect(access.requireJob(ref('app'), 1, user(MEMBER), 'read')).resolves.toMatchObject({
      project: { id: PRIVATE_APP, organization: { slug: 'acme' } },
      role: 'MEMBER',
      job: { id: 'job-app-1', projectId: PRIVATE_APP, number: 1 },
    });
    await expect(access.authorizeJob('job-app-1', user(MEMBER), 'read')).resolves.toMatchObject({ project: { id: PRIVATE_APP }, role: 'MEMBER', job: { id: 'job-app-1' } });
  });

  it('decides access before the job: a hidden project is not_found for the project whether or not the job exists', async () => {
    const { access } = setup();
    for (const number of [1, 99]) {
      const error = await domainError(access.requireJob(ref('app'), number, user(OUTSIDER), 'read'));
      expect({ number, kind: error.kind, message: error.message }).toEqual({ number, kind: 'not_found', message: 'project acme/app not found' });
    }
    expect((await domainError(access.authorizeJob('job-app-1', ANONYMOUS, 'read'))).kind).toBe('not_found');
    const uploadToken = await access.authenticate({ token: SECRETS.uploadPrivate });
    expect((await domainError(access.requireJob(ref('app'), 1, uploadToken, 'read'))).kind).toBe('forbidden');
  });

  it('answers a missing job of a visible project as not_found naming the job, and an unknown job id as null', async () => {
    const { access } = setup();
    const error = await domainError(access.requireJob(ref('lib'), 2, ANONYMOUS, 'read'));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind: 'not_found', message: 'job 2 not found' });
    expect((await domainError(access.requireJob(ref('nope'), 1, user(ADMIN), 'read'))).kind).toBe('not_found');
    await expect(access.authorizeJob('job-missing', user(ADMIN), 'read')).resolves.toBeNull();
  });

  it('does not give a project token its creator’s role through the joined membership', async () => {
    const { access } = setup();
    const readToken = await access.authenticate({ token: SECRETS.readPrivate }); // created by ADMIN
    await expect(access.requireJob(ref('app'), 1, readToken, 'read')).resolves.toMatchObject({ role: null });
    expect((await domainError(access.requireJob(ref('app'), 1, readToken, 'admin'))).kind).toBe('forbidden');
    await expect(access.authorizeJob('job-app-1', readToken, 'read')).resolves.toMatchObject({ role: null });
  });
});

describe('AccessService caches nothing', () => {
  it('refuses a token on the first request after it is revoked', async () => {
    const { access, world } = setup();
    await access.authenticate({ token: SECRETS.personalMember });
    world.tokens.find((t) => t.id === 'tok-personal-member')!.revokedAt = T0;
    expect((await domainError(access.authenticate({ token: SECRETS.personalMember }))).kind).toBe('unauthorized');
  });

  it('hides a private project and its jobs on the first request after the membership is removed', async () => {
    const { access, world } = setup();
    await access.requireJob(ref('app'), 1, user(MEMBER), 'read');
    world.memberships = world.memberships.filter((m) => m.userId !== MEMBER);
    expect((await domainError(access.requireJob(ref('app'), 1, user(MEMBER), 'read'))).kind).toBe('not_found');
    expect((await domainError(access.requireProject(ref('app'), user(MEMBER), 'read'))).kind).toBe('not_found');
    expect((await domainError(access.authorizeJob('job-app-1', user(MEMBER), 'read'))).kind).toBe('not_found');
  });
});

describe('AccessService.requireOrganization', () => {
  it('hides an organization with only private projects from outsiders and anonymous callers', async () => {
    const { access } = setup();
    expect((await domainError(access.requireOrganization('secretive', ANONYMOUS, 'read'))).kind).toBe('not_found');
    expect((await domainError(access.requireOrganization('secretive', user(OUTSIDER), 'read'))).kind).toBe('not_found');
  });

  it('shows an organization with a public project to anyone for reading', async () => {
    const { access } = setup();
    await expect(access.requireOrganization('acme', ANONYMOUS, 'read')).resolves.toMatchObject({ organization: { id: ACME }, role: null });
  });

  it('refuses an outsider member-level access to an organization they can see as forbidden, and anonymous as unauthorized', async () => {
    const { access } = setup();
    expect((await domainError(access.requireOrganization('acme', user(OUTSIDER), 'member'))).kind).toBe('forbidden');
    expect((await domainError(access.requireOrganization('acme', ANONYMOUS, 'member'))).kind).toBe('unauthorized');
  });

  it('lets a member in as member but not as admin', async () => {
    const { access } = setup();
    await expect(access.requireOrganization('acme', user(MEMBER), 'member')).resolves.toMatchObject({ role: 'MEMBER' });
    expect((await domainError(access.requireOrganization('acme', user(MEMBER), 'admin'))).kind).toBe('forbidden');
    await expect(access.requireOrganization('acme', user(ADMIN), 'admin')).resolves.toMatchObject({ role: 'ADMIN' });
  });
});

describe('AccessService.requireUser', () => {
  it('returns the user id of a user, refuses anonymous as unauthorized and a project token as forbidden', async () => {
    const { access } = setup();
    expect(access.requireUser(user(MEMBER))).toBe(MEMBER);
    expect(() => access.requireUser(ANONYMOUS)).toThrow(expect.objectContaining({ kind: 'unauthorized' }));
    const token = await access.authenticate({ token: SECRETS.uploadPrivate });
    expect(() => access.requireUser(token)).toThrow(expect.objectContaining({ kind: 'forbidden' }));
  });
});
