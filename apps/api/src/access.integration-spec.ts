import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import type { Project, ProjectTokenScope } from '@stowage/contracts';
import { issueProjectToken, uploadFiles } from '@stowage/testing';
import { createUploads, sha256 } from '../test/protocol';

/**
 * The authorization matrix: every caller × project visibility × endpoint, each cell its own test,
 * against the EXPECTED tables below (written out by hand from the access rules, not computed).
 *
 * The rules (libs/server/core/src/access/access.service.ts):
 * - a private project is readable by members of its organization and by its own read-scope and
 *   upload-read-scope tokens;
 *   to everybody else it looks missing: 404, never 403 (an own upload-scope token knows the project
 *   exists, so it gets 403 for what it may not do);
 * - a public project is readable by everybody, any token included, but public never grants writing:
 *   anonymous callers get 401, authenticated ones 403;
 * - uploading (createUploads, createUploadBatch, upsertJob) takes a member of the organization or an upload-scope or
 *   upload-read-scope token of the project; everything else that changes a project takes an organization admin;
 * - a revoked token is refused (401) everywhere, even where anonymous access would be allowed.
 *
 * Organization endpoints have no project, so their two columns are two organizations: "public" is
 * the seeded organization, which has a public project (its name is public: anyone may read it, and
 * non-members learn 401/403 for the rest), "private" one with only private projects (404 to
 * non-members). The "project tokens" there are tokens of a project of that organization: a project
 * token is never a member of anything.
 */

const CALLERS = ['anonymous', 'outsider', 'member', 'admin', 'upload token', 'read token', 'upload-read token', 'other project token', 'revoked token'] as const;
type Caller = (typeof CALLERS)[number];
type Visibility = 'private' | 'public';

const ENDPOINT_NAMES = [
  'v1.1 list',
  'v1.1 latest',
  'v2 list',
  'download URL',
  'zip archive',
  'createUploads',
  'createUploadBatch',
  'upsertJob',
  'listJobs',
  'getJob',
  'listJobArtifacts',
  'deleteArtifact',
  'purge preview',
  'purge',
  'deleteJobArtifacts',
  'updateProject',
  'deleteProject',
  'listProjectTokens',
  'createProjectToken',
  'get org',
  'usage',
  'retention update',
  'retention preview',
  'members list',
  'members add',
] as const;
type Endpoint = (typeof ENDPOINT_NAMES)[number];

// prettier-ignore
const EXPECTED: Record<Visibility, Record<Endpoint, readonly number[]>> = {
  //                      anonymous outsider member admin upload-token read-token upload-read other-project revoked
  private: {
    'v1.1 list':          [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'v1.1 latest':        [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'v2 list':            [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'download URL':       [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'zip archive':        [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'createUploads':      [404,     404,     201,   201,  201,         403,       201,        404,          401],
    'createUploadBatch':  [404,     404,     201,   201,  201,         403,       201,        404,          401],
    'upsertJob':          [404,     404,     200,   200,  200,         403,       200,        404,          401],
    'listJobs':           [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'getJob':             [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'listJobArtifacts':   [404,     404,     200,   200,  403,         200,       200,        404,          401],
    'deleteArtifact':     [404,     404,     403,   204,  403,         403,       403,        404,          401],
    'purge preview':      [404,     404,     403,   200,  403,         403,       403,        404,          401],
    'purge':              [404,     404,     403,   200,  403,         403,       403,        404,          401],
    'deleteJobArtifacts': [404,     404,     403,   204,  403,         403,       403,        404,          401],
    'updateProject':      [404,     404,     403,   200,  403,         403,       403,        404,          401],
    'deleteProject':      [404,     404,     403,   204,  403,         403,       403,        404,          401],
    'listProjectTokens':  [404,     404,     403,   200,  403,         403,       403,        404,          401],
    'createProjectToken': [404,     404,     403,   201,  403,         403,       403,        404,          401],
    'get org':            [404,     404,     200,   200,  404,         404,       404,        404,          401],
    'usage':              [404,     404,     200,   200,  404,         404,       404,        404,          401],
    'retention update':   [404,     404,     403,   200,  404,         404,       404,        404,          401],
    'retention preview':  [404,     404,     200,   200,  404,         404,       404,        404,          401],
    'members list':       [404,     404,     200,   200,  404,         404,       404,        404,          401],
    'members add':        [404,     404,     403,   201,  404,         404,       404,        404,          401],
  },
  public: {
    'v1.1 list':          [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'v1.1 latest':        [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'v2 list':            [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'download URL':       [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'zip archive':        [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'createUploads':      [401,     403,     201,   201,  201,         403,       201,        403,          401],
    'createUploadBatch':  [401,     403,     201,   201,  201,         403,       201,        403,          401],
    'upsertJob':          [401,     403,     200,   200,  200,         403,       200,        403,          401],
    'listJobs':           [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'getJob':             [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'listJobArtifacts':   [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'deleteArtifact':     [401,     403,     403,   204,  403,         403,       403,        403,          401],
    'purge preview':      [401,     403,     403,   200,  403,         403,       403,        403,          401],
    'purge':              [401,     403,     403,   200,  403,         403,       403,        403,          401],
    'deleteJobArtifacts': [401,     403,     403,   204,  403,         403,       403,        403,          401],
    'updateProject':      [401,     403,     403,   200,  403,         403,       403,        403,          401],
    'deleteProject':      [401,     403,     403,   204,  403,         403,       403,        403,          401],
    'listProjectTokens':  [401,     403,     403,   200,  403,         403,       403,        403,          401],
    'createProjectToken': [401,     403,     403,   201,  403,         403,       403,        403,          401],
    'get org':            [200,     200,     200,   200,  200,         200,       200,        200,          401],
    'usage':              [401,     403,     200,   200,  403,         403,       403,        403,          401],
    'retention update':   [401,     403,     403,   200,  403,         403,       403,        403,          401],
    'retention preview':  [401,     403,     200,   200,  403,         403,       403,        403,          401],
    'members list':       [401,     403,     200,   200,  403,         403,       403,        403,          401],
    'members add':        [401,     403,     403,   201,  403,         403,       403,        403,          401],
  },
};

type TokenSet = Record<Caller, string | undefined>;
interface Request {
  method: string;
  path: string;
  body?: unknown;
  /** Whose tokens "upload token", "read token" and "upload-read token" are, when not the seeded project's. */
  tokens?: Partial<TokenSet>;
}

interface Target {
  slug: string;
  jobNumber: number;
  artifactUrl: string;
  tokens: TokenSet;
}

let api: ApiHarness;
const targets = {} as Record<Visibility, Target>;
const organizations = {} as Record<Visibility, { slug: string; tokens: TokenSet }>;
let bystanderEmail: string;

const STOWAGE = '/api/stowage/v1';
const unique = () => Math.random().toString(36).slice(2, 10);

async function mustSucceed<T extends { status: number; text: string }>(what: string, response: Promise<T>): Promise<T> {
  const result = await response;
  if (result.status >= 300) throw new Error(`fixture ${what} failed: ${result.status} ${result.text}`);
  return result;
}

/** A fresh available artifact of its own bytes (a blob only it refers to), for cells that may purge it. */
async function storedArtifact(v: Visibility): Promise<{ id: string; sha256: string }> {
  const jobNumber = nextJobNumber();
  await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: targets[v].slug, jobNumber, files: [{ path: 'secret.log', content: `secret ${unique()}` }] });
  await api.drain();
  const listing = await mustSucceed('listing', call(api.baseUrl, 'GET', `${STOWAGE}/projects/${targets[v].slug}/jobs/${jobNumber}/artifacts`, { token: api.world.tokens.admin }));
  return listing.body.items[0];
}

/** How each endpoint is called for a project (or organization) of the given visibility. Fixtures that a cell may destroy are made fresh per cell. */
const REQUESTS: Record<Endpoint, (visibility: Visibility) => Promise<Request>> = {
  'v1.1 list': async (v) => ({ method: 'GET', path: `/api/v1.1/project/${targets[v].slug}/${targets[v].jobNumber}/artifacts` }),
  'v1.1 latest': async (v) => ({ method: 'GET', path: `/api/v1.1/project/${targets[v].slug}/latest/artifacts` }),
  'v2 list': async (v) => ({ method: 'GET', path: `/api/v2/project/${targets[v].slug}/${targets[v].jobNumber}/artifacts` }),
  'download URL': async (v) => ({ method: 'GET', path: targets[v].artifactUrl }),
  'zip archive': async (v) => ({ method: 'GET', path: `${STOWAGE}/projects/${targets[v].slug}/jobs/${targets[v].jobNumber}/artifacts.zip` }),
  createUploads: async (v) => ({
    method: 'POST',
    path: `${STOWAGE}/uploads`,
    body: { project: targets[v].slug, jobNumber: nextJobNumber(), nodeIndex: 0, files: [{ path: 'cell.txt', size: 4, sha256: sha256('cell'), fileMode: 0o644 }] },
  }),
  createUploadBatch: async (v) => ({
    method: 'POST',
    path: `${STOWAGE}/upload-batches`,
    body: { project: targets[v].slug, jobNumber: nextJobNumber(), files: [{ path: 'cell.txt', size: 4, sha256: sha256('cell'), fileMode: 0o644 }] },
  }),
  upsertJob: async (v) => ({ method: 'PUT', path: `${STOWAGE}/projects/${targets[v].slug}/jobs/${nextJobNumber()}`, body: { status: 'running', branch: 'main' } }),
  listJobs: async (v) => ({ method: 'GET', path: `${STOWAGE}/projects/${targets[v].slug}/jobs` }),
  getJob: async (v) => ({ method: 'GET', path: `${STOWAGE}/projects/${targets[v].slug}/jobs/${targets[v].jobNumber}` }),
  listJobArtifacts: async (v) => ({ method: 'GET', path: `${STOWAGE}/projects/${targets[v].slug}/jobs/${targets[v].jobNumber}/artifacts` }),
  deleteArtifact: async (v) => {
    const created = await mustSucceed(
      'createUploads',
      createUploads(api.baseUrl, api.world.tokens.admin, {
        project: targets[v].slug,
        jobNumber: nextJobNumber(),
        files: [{ path: 'doomed.txt', size: 6, sha256: sha256('doomed') }],
      }),
    );
    return { method: 'DELETE', path: `${STOWAGE}/artifacts/${created.body.uploads[0].artifactId}` };
  },
  'purge preview': async (v) => {
    const stored = await storedArtifact(v);
    return { method: 'GET', path: `${STOWAGE}/artifacts/${stored.id}/purge-preview` };
  },
  purge: async (v) => {
    const stored = await storedArtifact(v);
    return { method: 'POST', path: `${STOWAGE}/artifacts/${stored.id}/purge`, body: { sha256: stored.sha256, artifactCount: 1 } };
  },
  deleteJobArtifacts: async (v) => {
    const jobNumber = nextJobNumber();
    await mustSucceed('upsertJob', call(api.baseUrl, 'PUT', `${STOWAGE}/projects/${targets[v].slug}/jobs/${jobNumber}`, { token: api.world.tokens.admin, body: {} }));
    return { method: 'DELETE', path: `${STOWAGE}/projects/${targets[v].slug}/jobs/${jobNumber}/artifacts` };
  },
  updateProject: async (v) => ({ method: 'PATCH', path: `${STOWAGE}/projects/${targets[v].slug}`, body: { isPrivate: v === 'private' } }),
  deleteProject: async (v) => {
    const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `throwaway-${unique()}`, isPrivate: v === 'private' });
    const token = async (scope: ProjectTokenScope) => (await issueProjectToken(api.platform, project, scope, api.world.users.admin.email, scope)).secret;
    return {
      method: 'DELETE',
      path: `${STOWAGE}/projects/gh/${api.world.organization.slug}/${project.name}`,
      tokens: { 'upload token': await token('upload'), 'read token': await token('read'), 'upload-read token': await token('upload-read') },
    };
  },
  listProjectTokens: async (v) => ({ method: 'GET', path: `${STOWAGE}/projects/${targets[v].slug}/tokens` }),
  createProjectToken: async (v) => ({ method: 'POST', path: `${STOWAGE}/projects/${targets[v].slug}/tokens`, body: { name: 'cell', scope: 'read' } }),
  'get org': async (v) => ({ method: 'GET', path: `${STOWAGE}/organizations/${organizations[v].slug}`, tokens: organizations[v].tokens }),
  usage: async (v) => ({ method: 'GET', path: `${STOWAGE}/organizations/${organizations[v].slug}/usage`, tokens: organizations[v].tokens }),
  'retention update': async (v) => ({
    method: 'PUT',
    path: `${STOWAGE}/organizations/${organizations[v].slug}/retention`,
    body: { artifactRetentionDays: 30 },
    tokens: organizations[v].tokens,
  }),
  'retention preview': async (v) => ({ method: 'GET', path: `${STOWAGE}/organizations/${organizations[v].slug}/retention/preview?days=7`, tokens: organizations[v].tokens }),
  'members list': async (v) => ({ method: 'GET', path: `${STOWAGE}/organizations/${organizations[v].slug}/members`, tokens: organizations[v].tokens }),
  'members add': async (v) => ({
    method: 'POST',
    path: `${STOWAGE}/organizations/${organizations[v].slug}/members`,
    body: { email: bystanderEmail, role: 'member' },
    tokens: organizations[v].tokens,
  }),
};

beforeAll(async () => {
  api = await startApi({ storage: 'filesystem' });
  const { world, platform } = api;
  const { admin: operator } = platform;
  const projectToken = async (project: Project, scope: ProjectTokenScope) => (await issueProjectToken(platform, project, scope, world.users.admin.email, `${scope}-token`)).secret;
  const base = { anonymous: undefined, outsider: world.tokens.outsider, member: world.tokens.member, admin: world.tokens.admin, 'other project token': world.tokens.otherProjectUpload, 'revoked token': world.tokens.revoked };
  const tokens: Record<Visibility, TokenSet> = {
    private: { ...base, 'upload token': world.tokens.privateUpload, 'read token': world.tokens.privateRead, 'upload-read token': world.tokens.privateUploadRead },
    public: {
      ...base,
      'upload token': world.tokens.publicUpload,
      'read token': await projectToken(world.projects.public, 'read'),
      'upload-read token': await projectToken(world.projects.public, 'upload-read'),
    },
  };

  for (const visibility of ['private', 'public'] as const) {
    const jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: world.tokens.admin, project: world.slugs[visibility], jobNumber, files: [{ path: 'report.txt', content: 'hello' }] });
    await api.drain();
    const listing = await mustSucceed('listing', call(api.baseUrl, 'GET', `/api/v1.1/project/${world.slugs[visibility]}/${jobNumber}/artifacts`, { token: world.tokens.admin }));
    expect(listing.body).toHaveLength(1);
    targets[visibility] = { slug: world.slugs[visibility], jobNumber, artifactUrl: listing.body[0].url, tokens: tokens[visibility] };
  }

  // An organization with only private projects, where the same admin and member belong.
  const solo = await operator.createOrganization({ slug: `solo-${unique()}`, name: 'Solo' });
  await operator.grantMembership({ organization: solo.slug, email: world.users.admin.email, role: 'admin' });
  await operator.grantMembership({ organization: solo.slug, email: world.users.member.email, role: 'member' });
  const soloProject = await operator.provisionProject({ organization: solo.slug, vcsType: 'github', name: 'solo-app', isPrivate: true });
  organizations.public = { slug: world.organization.slug, tokens: tokens.public };
  organizations.private = {
    slug: solo.slug,
    tokens: {
      ...base,
      'upload token': await projectToken(soloProject, 'upload'),
      'read token': await projectToken(soloProject, 'read'),
      'upload-read token': await projectToken(soloProject, 'upload-read'),
    },
  };
  bystanderEmail = (await operator.createUser({ email: `bystander-${unique()}@acme.test`, name: 'Bea Bystander' })).email;
});

afterAll(async () => {
  await api?.stop();
});

const cells = (['private', 'public'] as const).flatMap((visibility) =>
  ENDPOINT_NAMES.flatMap((endpoint) => CALLERS.map((caller, i) => [caller, visibility, endpoint, EXPECTED[visibility][endpoint][i]] as const)),
);

describe('authorization matrix', () => {
  test.each(cells)('%s · %s · %s → %i', async (caller, visibility, endpoint, expected) => {
    const request = await REQUESTS[endpoint](visibility);
    const tokens = { ...targets[visibility].tokens, ...request.tokens };
    if (caller !== 'anonymous' && !tokens[caller]) throw new Error(`no token for ${caller}`);
    const response = await call(api.baseUrl, request.method, request.path, { token: tokens[caller], body: request.body });
    expect({ status: response.status, body: response.status >= 400 ? response.body : undefined }).toEqual({
      status: expected,
      body: expected >= 400 ? expect.objectContaining({ statusCode: expected, error: expect.any(String), message: expect.any(String), requestId: expect.any(String) }) : undefined,
    });
  });
});

describe('token transports', () => {
  const listPath = () => `/api/v1.1/project/${targets.private.slug}/${targets.private.jobNumber}/artifacts`;
  const basic = (token: string) => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
  const transports: Array<[string, (token: string) => { path: string; headers: Record<string, string> }]> = [
    ['Circle-Token header', (token) => ({ path: listPath(), headers: { 'Circle-Token': token } })],
    ['circle-token query parameter', (token) => ({ path: `${listPath()}?circle-token=${encodeURIComponent(token)}`, headers: {} })],
    ['HTTP Basic with the token as user name (curl -u token:)', (token) => ({ path: listPath(), headers: { Authorization: basic(token) } })],
  ];

  test('without credentials the private project looks missing (so the 200s below come from the token)', async () => {
    expect((await call(api.baseUrl, 'GET', listPath())).status).toBe(404);
  });

  test.each(transports)('a member token sent as %s reads the private project', async (_name, send) => {
    const { path, headers } = send(api.world.tokens.member);
    const response = await call(api.baseUrl, 'GET', path, { headers });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([expect.objectContaining({ path: 'report.txt' })]);
  });

  test.each(transports)('an unknown token sent as %s is refused with 401 even on a public project', async (_name, send) => {
    const { headers, path } = send('stw_not-a-real-token');
    const publicPath = path.replace(targets.private.slug, targets.public.slug);
    const response = await call(api.baseUrl, 'GET', publicPath, { headers });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
  });
});

describe('revocation through the API', () => {
  const listPath = () => `/api/v1.1/project/${targets.private.slug}/${targets.private.jobNumber}/artifacts`;

  test('a personal token revoked with DELETE /me/tokens/:id is refused on the very next request', async () => {
    const created = await call(api.baseUrl, 'POST', `${STOWAGE}/me/tokens`, { token: api.world.tokens.admin, body: { name: 'short-lived' } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect((await call(api.baseUrl, 'GET', listPath(), { token: secret })).status).toBe(200);

    const revoked = await call(api.baseUrl, 'DELETE', `${STOWAGE}/me/tokens/${created.body.id}`, { token: api.world.tokens.admin });
    expect(revoked.status).toBe(204);
    const after = await call(api.baseUrl, 'GET', listPath(), { token: secret });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
  });

  test('a project token revoked with DELETE /projects/…/tokens/:id is refused on the very next request', async () => {
    const created = await call(api.baseUrl, 'POST', `${STOWAGE}/projects/${targets.private.slug}/tokens`, { token: api.world.tokens.admin, body: { name: 'ci', scope: 'read' } });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect((await call(api.baseUrl, 'GET', listPath(), { token: secret })).status).toBe(200);

    const revoked = await call(api.baseUrl, 'DELETE', `${STOWAGE}/projects/${targets.private.slug}/tokens/${created.body.id}`, { token: api.world.tokens.admin });
    expect(revoked.status).toBe(204);
    expect((await call(api.baseUrl, 'GET', listPath(), { token: secret })).status).toBe(401);
    // The revoked token is listed as revoked, not forgotten.
    const listed = await call(api.baseUrl, 'GET', `${STOWAGE}/projects/${targets.private.slug}/tokens`, { token: api.world.tokens.admin });
    expect(listed.body).toContainEqual(expect.objectContaining({ id: created.body.id, revokedAt: expect.any(String) }));
  });
});

describe('an upload-read project token', () => {
  test('created through the API, it uploads to and reads its own project, and nothing else', async () => {
    const created = await call(api.baseUrl, 'POST', `${STOWAGE}/projects/${targets.private.slug}/tokens`, { token: api.world.tokens.admin, body: { name: 'ci-both', scope: 'upload-read' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'project', scope: 'upload-read', project: targets.private.slug });
    const secret: string = created.body.secret;

    const jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: secret, project: targets.private.slug, jobNumber, files: [{ path: 'built.txt', content: 'built' }] });
    await api.drain();
    const listing = await call(api.baseUrl, 'GET', `/api/v2/project/${targets.private.slug}/${jobNumber}/artifacts`, { token: secret });
    expect(listing.status).toBe(200);
    expect(listing.body.items).toEqual([expect.objectContaining({ path: 'built.txt' })]);

    const upload = (slug: string) =>
      createUploads(api.baseUrl, secret, { project: slug, jobNumber: nextJobNumber(), files: [{ path: 'x.txt', size: 1, sha256: sha256('x') }] });
    const otherPrivate = api.world.slugs.other;
    expect((await upload(otherPrivate)).status).toBe(404);
    expect((await call(api.baseUrl, 'GET', `/api/v2/project/${otherPrivate}/1/artifacts`, { token: secret })).status).toBe(404);
    expect((await upload(targets.public.slug)).status).toBe(403);
    expect((await call(api.baseUrl, 'GET', `${STOWAGE}/projects/${targets.private.slug}/tokens`, { token: secret })).status).toBe(403);
    const listed = await call(api.baseUrl, 'GET', `${STOWAGE}/projects/${targets.private.slug}/tokens`, { token: api.world.tokens.admin });
    expect(listed.body).toContainEqual(expect.objectContaining({ id: created.body.id, scope: 'upload-read' }));
  });
});
