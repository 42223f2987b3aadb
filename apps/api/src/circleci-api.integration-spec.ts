import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { routes } from '@stowage/contracts';
import { uploadFiles } from '@stowage/testing';
import { rawRequest } from '../test/protocol';

/** CircleCI's artifacts API as existing scripts use it: v1.1 (list, latest) and v2 (paged), JSON only. */

let api: ApiHarness;
const unique = () => Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  api = await startApi({ storage: 'filesystem' });
});
afterAll(async () => {
  await api?.stop();
});

const admin = () => api.world.tokens.admin;
const reader = () => api.world.tokens.member;
const jobIdOf = async (slug: string, jobNumber: number) =>
  (await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${slug}/jobs/${jobNumber}`, { token: reader() })).body.id as string;

describe('v1.1 listing', () => {
  test('is an array of {path, pretty_path, node_index, url} ordered by node index, then path in byte order, with absolute Java-URL-encoded URLs', async () => {
    const jobNumber = nextJobNumber();
    const slug = api.world.slugs.private;
    const upload = (nodeIndex: number, paths: string[]) =>
      uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: slug, jobNumber, nodeIndex, files: paths.map((path) => ({ path, content: `${nodeIndex}:${path}` })) });
    await upload(1, ['b.txt', 'A.txt']);
    await upload(0, ['z/last.txt', 'é.txt', 'a.txt', 'B.txt', 'a b.txt']);
    await api.drain();

    const response = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const base = `${api.baseUrl}/output/job/${await jobIdOf(slug, jobNumber)}/artifacts`;
    expect(response.body).toEqual([
      { path: 'B.txt', pretty_path: 'B.txt', node_index: 0, url: `${base}/0/B.txt` },
      { path: 'a b.txt', pretty_path: 'a b.txt', node_index: 0, url: `${base}/0/a+b.txt` },
      { path: 'a.txt', pretty_path: 'a.txt', node_index: 0, url: `${base}/0/a.txt` },
      { path: 'z/last.txt', pretty_path: 'z/last.txt', node_index: 0, url: `${base}/0/z/last.txt` },
      { path: 'é.txt', pretty_path: 'é.txt', node_index: 0, url: `${base}/0/%C3%A9.txt` },
      { path: 'A.txt', pretty_path: 'A.txt', node_index: 1, url: `${base}/1/A.txt` },
      { path: 'b.txt', pretty_path: 'b.txt', node_index: 1, url: `${base}/1/b.txt` },
    ]);
    // Each listed URL serves that artifact.
    for (const artifact of response.body) {
      const download = await fetch(artifact.url, { headers: { 'circle-token': reader() } });
      expect(await download.text()).toBe(`${artifact.node_index}:${artifact.path}`);
    }
  });

  test('answers JSON whatever Accept says, errors included', async () => {
    const jobNumber = nextJobNumber();
    const slug = api.world.slugs.private;
    await uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: slug, jobNumber, files: [{ path: 'x.txt', content: 'x' }] });
    await api.drain();
    for (const path of [`/api/v1.1/project/${slug}/${jobNumber}/artifacts`, `/api/v2/project/${slug}/${jobNumber}/artifacts`]) {
      const response = await call(api.baseUrl, 'GET', path, { token: reader(), headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.stringify(response.body)).toContain('"path":"x.txt"');
    }
    const missing = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/${nextJobNumber()}/artifacts`, { token: reader(), headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'not_found' });
  });
});

describe('v1.1 latest/artifacts', () => {
  // A project of its own, so "the highest job" is only these jobs.
  let slug: string;
  const jobs: Record<string, number> = {};
  const registered: Array<[name: string, branch: string, status: string]> = [
    ['main-success', 'main', 'success'],
    ['main-failed', 'main', 'failed'],
    ['feature-success', 'feature', 'success'],
    ['main-running', 'main', 'running'],
    ['main-canceled', 'main', 'canceled'],
    ['feature-running', 'feature', 'running'],
  ];

  beforeAll(async () => {
    const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `latest-${unique()}`, isPrivate: true });
    slug = `gh/${api.world.organization.slug}/${project.name}`;
    for (const [name, branch, status] of registered) {
      const jobNumber = nextJobNumber();
      jobs[name] = jobNumber;
      const upserted = await call(api.baseUrl, 'PUT', `/api/stowage/v1/projects/${slug}/jobs/${jobNumber}`, { token: admin(), body: { name, branch, status } });
      expect(upserted.status).toBe(200);
      await uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: slug, jobNumber, files: [{ path: `${name}.txt`, content: name }] });
    }
    await api.drain();
  });

  // CircleCI's own semantics, kept for its clients: no branch is the whole project, no filter is
  // any job (a running one included); `completed` is any finished job.
  test.each([
    ['', 'feature-running'],
    ['?branch=main', 'main-canceled'],
    ['?branch=feature', 'feature-running'],
    ['?filter=completed', 'main-canceled'],
    ['?filter=successful', 'feature-success'],
    ['?filter=failed', 'main-failed'],
    ['?filter=running', 'feature-running'],
    ['?branch=main&filter=successful', 'main-success'],
    ['?branch=main&filter=running', 'main-running'],
    ['?branch=main&filter=completed', 'main-canceled'],
    ['?branch=feature&filter=completed', 'feature-success'],
    ['?branch=feature&filter=successful', 'feature-success'],
    ['?branch=feature&filter=running', 'feature-running'],
  ])('latest/artifacts%s lists the highest matching job (%s)', async (query, expectedJob) => {
    const response = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/latest/artifacts${query}`, { token: reader() });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      expect.objectContaining({ path: `${expectedJob}.txt`, url: expect.stringContaining(`/output/job/${await jobIdOf(slug, jobs[expectedJob])}/artifacts/0/`) }),
    ]);
  });

  test('an admin changes the project\'s default branch (a member may not; an invalid name is a JSON 400); CircleCI\'s latest keeps its own semantics', async () => {
    const patch = (token: string, body: unknown) => call(api.baseUrl, 'PATCH', `/api/stowage/v1/projects/${slug}`, { token, body });
    const latest = async () => {
      const response = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/latest/artifacts`, { token: reader() });
      expect(response.status).toBe(200);
      return response.body.map((artifact: { path: string }) => artifact.path);
    };
    const refused = await patch(reader(), { defaultBranch: 'feature' });
    expect(refused.status).toBe(403);
    for (const invalid of ['', 'a..b', '-x', 'two words', 'x'.repeat(256)]) {
      const rejected = await patch(admin(), { defaultBranch: invalid });
      expect(rejected.status).toBe(400);
      expect(rejected.body).toMatchObject({ statusCode: 400, error: 'invalid_input' });
    }
    expect((await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${slug}`, { token: reader() })).body).toMatchObject({ defaultBranch: 'main' });
    expect(await latest()).toEqual(['feature-running.txt']);
    const changed = await patch(admin(), { defaultBranch: 'feature' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ defaultBranch: 'feature', isPrivate: true });
    // No branch named is still the whole project, as on CircleCI.
    expect(await latest()).toEqual(['feature-running.txt']);
    expect((await patch(admin(), { defaultBranch: 'main' })).body).toMatchObject({ defaultBranch: 'main' });
  });

  test('latest/artifacts with no matching job is a JSON 404; an unknown filter is a JSON 400', async () => {
    const none = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/latest/artifacts?branch=feature&filter=failed`, { token: reader() });
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ statusCode: 404, error: 'not_found', message: expect.stringContaining('feature') });
    const bogus = await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/latest/artifacts?filter=broken`, { token: reader() });
    expect(bogus.status).toBe(400);
    expect(bogus.body).toMatchObject({ statusCode: 400, error: 'invalid_input' });
  });
});

describe('v2 listing', () => {
  const slug = () => api.world.slugs.private;
  const pad = (n: number) => String(n).padStart(3, '0');
  let jobNumber: number;
  let firstPage: { items: Array<{ path: string; node_index: number; url: string }>; next_page_token: string | null };

  beforeAll(async () => {
    jobNumber = nextJobNumber();
    await uploadFiles({
      baseUrl: api.baseUrl,
      token: admin(),
      project: slug(),
      jobNumber,
      files: Array.from({ length: 150 }, (_, i) => ({ path: `f/${pad(i)}.txt`, content: `file ${i}` })),
    });
    await api.drain();
    const response = await call(api.baseUrl, 'GET', `/api/v2/project/${slug()}/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(200);
    firstPage = response.body;
  });

  test('pages 150 artifacts by 100 with next_page_token, stable while artifacts are added between pages', async () => {
    expect(Object.keys(firstPage).sort()).toEqual(['items', 'next_page_token']);
    expect(firstPage.items.map((item) => item.path)).toEqual(Array.from({ length: 100 }, (_, i) => `f/${pad(i)}.txt`));
    expect(firstPage.items[0]).toEqual({ path: 'f/000.txt', node_index: 0, url: `${api.baseUrl}/output/job/${await jobIdOf(slug(), jobNumber)}/artifacts/0/f/000.txt` });
    expect(firstPage.next_page_token).toEqual(expect.any(String));

    // New artifacts arrive between the two requests: before the cursor, right after it, and at the end.
    await uploadFiles({
      baseUrl: api.baseUrl,
      token: admin(),
      project: slug(),
      jobNumber,
      files: [{ path: 'a/new-before.txt', content: 'before' }, { path: 'f/099a.txt', content: 'after the cursor' }, { path: 'z/new-after.txt', content: 'at the end' }],
    });
    await api.drain();

    const second = await call(api.baseUrl, 'GET', `/api/v2/project/${slug()}/${jobNumber}/artifacts?page-token=${encodeURIComponent(firstPage.next_page_token!)}`, { token: reader() });
    expect(second.status).toBe(200);
    expect(second.body.items.map((item: { path: string }) => item.path)).toEqual([
      'f/099a.txt',
      ...Array.from({ length: 50 }, (_, i) => `f/${pad(100 + i)}.txt`),
      'z/new-after.txt',
    ]);
    expect(second.body.next_page_token).toBeNull();
    for (const item of second.body.items) expect(item.url).toMatch(new RegExp(`^${api.baseUrl}/output/job/[0-9a-f-]{36}/artifacts/0/`));

    // The artifact added before the cursor is there, on a fresh first page.
    const fresh = await call(api.baseUrl, 'GET', `/api/v2/project/${slug()}/${jobNumber}/artifacts`, { token: reader() });
    expect(fresh.body.items[0].path).toBe('a/new-before.txt');
  });

  test.each([
    ['a token whose body was edited', (token: string) => `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`],
    ['a token whose signature was edited', (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`],
    ['garbage', () => 'not-a-token'],
    ['a token with a non-ASCII signature', (token: string) => `${token.split('.')[0]}.${'é'.repeat(22)}`],
    ['a token with no signature', (token: string) => token.split('.')[0]],
  ])('%s is refused with a JSON 400', async (_what, tamper) => {
    const response = await call(api.baseUrl, 'GET', `/api/v2/project/${slug()}/${jobNumber}/artifacts?page-token=${encodeURIComponent(tamper(firstPage.next_page_token!))}`, {
      token: reader(),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input', message: expect.stringContaining('page-token') });
  });

  test("another job's page token is refused with a JSON 400", async () => {
    const otherJob = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: slug(), jobNumber: otherJob, files: [{ path: 'only.txt', content: 'x' }] });
    const response = await call(api.baseUrl, 'GET', `/api/v2/project/${slug()}/${otherJob}/artifacts?page-token=${encodeURIComponent(firstPage.next_page_token!)}`, { token: reader() });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input' });
  });
});

describe('VCS aliases', () => {
  const projects: Record<'github' | 'bitbucket' | 'circleci', { name: string; jobNumber: number }> = {} as never;

  beforeAll(async () => {
    for (const vcsType of ['github', 'bitbucket', 'circleci'] as const) {
      const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType, name: `repo-${unique()}`, isPrivate: true });
      const jobNumber = nextJobNumber();
      const shortSlug = { github: 'gh', bitbucket: 'bb', circleci: 'circleci' }[vcsType];
      await uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: `${shortSlug}/${api.world.organization.slug}/${project.name}`, jobNumber, files: [{ path: `${vcsType}.txt`, content: vcsType }] });
      projects[vcsType] = { name: project.name, jobNumber };
    }
    await api.drain();
  });

  test.each([
    ['gh', 'github'],
    ['github', 'github'],
    ['GitHub', 'github'],
    ['bb', 'bitbucket'],
    ['bitbucket', 'bitbucket'],
    ['circleci', 'circleci'],
  ] as const)('"%s" names the %s project in v1.1 and v2 URLs', async (alias, vcsType) => {
    const { name, jobNumber } = projects[vcsType];
    const v11 = await call(api.baseUrl, 'GET', `/api/v1.1/project/${alias}/${api.world.organization.slug}/${name}/${jobNumber}/artifacts`, { token: reader() });
    expect(v11.status).toBe(200);
    expect(v11.body.map((artifact: { path: string }) => artifact.path)).toEqual([`${vcsType}.txt`]);
    const v2 = await call(api.baseUrl, 'GET', `/api/v2/project/${alias}/${api.world.organization.slug}/${name}/${jobNumber}/artifacts`, { token: reader() });
    expect(v2.status).toBe(200);
    expect(v2.body.items.map((artifact: { path: string }) => artifact.path)).toEqual([`${vcsType}.txt`]);
  });

  test('the VCS type is part of the project: a bitbucket project is not found under gh', async () => {
    const { name, jobNumber } = projects.bitbucket;
    const response = await call(api.baseUrl, 'GET', `/api/v1.1/project/gh/${api.world.organization.slug}/${name}/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(404);
  });
});

describe('bad inputs answer JSON errors', () => {
  const org = () => api.world.organization.slug;

  test.each([
    ['v1.1', (vcs: string) => `/api/v1.1/project/${vcs}/${org()}/private-app/1/artifacts`],
    ['v2', (vcs: string) => `/api/v2/project/${vcs}/${org()}/private-app/1/artifacts`],
  ])('%s: an unknown VCS type is a 400 naming it', async (_api, path) => {
    const response = await call(api.baseUrl, 'GET', path('svn'), { token: reader() });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input', message: expect.stringContaining('"svn"') });
  });

  test.each([
    ['v1.1', 'abc'],
    ['v1.1', '12abc'],
    ['v1.1', '-3'],
    ['v2', 'abc'],
    ['v2', '1.5'],
    ['v2', 'latest'],
  ])('%s: job number "%s" is a 400', async (version, jobNumber) => {
    const response = await call(api.baseUrl, 'GET', `/api/${version}/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input', message: expect.stringContaining('positive integer') });
  });

  describe('encoded ".." in a download path', () => {
    let prefix: string;
    beforeAll(async () => {
      const jobNumber = nextJobNumber();
      await uploadFiles({ baseUrl: api.baseUrl, token: admin(), project: api.world.slugs.private, jobNumber, files: [{ path: 'a/b/secret.txt', content: 'secret' }] });
      await api.drain();
      prefix = `/output/job/${await jobIdOf(api.world.slugs.private, jobNumber)}/artifacts/0`;
      // The control: the honest URL works, so the 400s below are about the path.
      const honest = await rawRequest(api.baseUrl, `${prefix}/a/b/secret.txt`, { headers: { 'circle-token': reader() } });
      expect(honest).toMatchObject({ status: 200, text: 'secret' });
    });

    test.each(['a/b/%2E%2E/secret.txt', 'a/%2e%2e/%2e%2e/x', '%2E%2E/a/b/secret.txt', 'a/b/..%2Fsecret.txt', 'a/..%2F..%2Fb', '%2E%2E%2Fa/b/secret.txt'])(
      '%s is a JSON 400, sent byte for byte',
      async (encoded) => {
        const response = await rawRequest(api.baseUrl, `${prefix}/${encoded}`, { headers: { 'circle-token': reader() } });
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input' });
      },
    );
  });

  test('a 100 KB header is answered 431 in JSON', async () => {
    const response = await rawRequest(api.baseUrl, `/api/v1.1/project/${api.world.slugs.private}/1/artifacts`, { headers: { 'x-padding': 'a'.repeat(100 * 1024) } });
    expect(response.status).toBe(431);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ statusCode: 431, error: 'headers_too_large', message: expect.any(String) });
  });
});

describe('v2 project slugs with escaped slashes', () => {
  // CircleCI's v2 reference: "The `/` characters [of project-slug] may be URL-escaped."
  const org = () => api.world.organization.slug;
  const pad = (n: number) => String(n).padStart(3, '0');
  let jobNumber: number;

  /** Every v2 route under /api/v2/project/ in the route table, with the slug left to the caller. */
  const v2ProjectRoutes = Object.entries(routes).filter(([, route]) => route.path.startsWith('/api/v2/project/:vcs/:org/:project'));
  const pathOf = (template: string, slug: string) =>
    template.replace('/:vcs/:org/:project', `/${slug}`).replace(/:(\w+)/g, (_, name: string) => {
      if (name === 'jobNumber') return String(jobNumber);
      throw new Error(`give the v2 route parameter :${name} a value in this test`);
    });
  /** The answer without its request id, which differs from one request to the next. */
  const answer = ({ status, body }: { status: number; body: Record<string, unknown> }) => {
    const { requestId: _requestId, ...rest } = body ?? {};
    return { status, body: rest };
  };

  beforeAll(async () => {
    jobNumber = nextJobNumber();
    await uploadFiles({
      baseUrl: api.baseUrl,
      token: admin(),
      project: api.world.slugs.private,
      jobNumber,
      files: Array.from({ length: 101 }, (_, i) => ({ path: `e/${pad(i)}.txt`, content: `escaped ${i}` })),
    });
    await api.drain();
  });

  test('the route table has v2 project routes to check', () => {
    expect(v2ProjectRoutes.map(([name]) => name)).toContain('v2ListArtifacts');
  });

  describe.each(v2ProjectRoutes)('%s', (_name, route) => {
    test.each([
      ['fully escaped with %2F', () => `gh%2F${org()}%2Fprivate-app`],
      ['fully escaped with %2f', () => `gh%2f${org()}%2fprivate-app`],
      ['escaped with both cases', () => `gh%2F${org()}%2fprivate-app`],
      ['partly escaped, org/project', () => `gh/${org()}%2Fprivate-app`],
      ['partly escaped, vcs/org', () => `gh%2f${org()}/private-app`],
      ['escaped with the long VCS name', () => `github%2F${org()}%2Fprivate-app`],
    ])('a slug %s answers exactly as the plain slug', async (_form, escaped) => {
      const plain = await call(api.baseUrl, 'GET', pathOf(route.path, api.world.slugs.private), { token: reader() });
      expect(plain.status).toBe(200);
      expect(plain.body.items).toHaveLength(100);
      const response = await call(api.baseUrl, 'GET', pathOf(route.path, escaped()), { token: reader() });
      expect(answer(response)).toEqual(answer(plain));
    });

    test('a private project stays a 404 to an outsider, escaped or not', async () => {
      for (const slug of [api.world.slugs.private, `gh%2F${org()}%2Fprivate-app`, `gh/${org()}%2fprivate-app`]) {
        const response = await call(api.baseUrl, 'GET', pathOf(route.path, slug), { token: api.world.tokens.outsider });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ statusCode: 404, error: 'not_found' });
      }
      const anonymous = await call(api.baseUrl, 'GET', pathOf(route.path, `gh%2F${org()}%2Fprivate-app`));
      expect(answer(anonymous)).toEqual(answer(await call(api.baseUrl, 'GET', pathOf(route.path, api.world.slugs.private))));
    });

    test('an unknown VCS type in an escaped slug is the same 400 as in a plain one', async () => {
      const plain = await call(api.baseUrl, 'GET', pathOf(route.path, `svn/${org()}/private-app`), { token: reader() });
      expect(plain.status).toBe(400);
      const escaped = await call(api.baseUrl, 'GET', pathOf(route.path, `svn%2F${org()}%2Fprivate-app`), { token: reader() });
      expect(answer(escaped)).toEqual(answer(plain));
    });
  });

  test('a page token from a plain request works on an escaped one, and the other way round', async () => {
    const listing = (slug: string, token?: string) =>
      call(api.baseUrl, 'GET', `/api/v2/project/${slug}/${jobNumber}/artifacts${token ? `?page-token=${encodeURIComponent(token)}` : ''}`, { token: reader() });
    const escaped = `gh%2F${org()}%2Fprivate-app`;
    const plainFirst = await listing(api.world.slugs.private);
    const escapedFirst = await listing(escaped);
    expect(plainFirst.body.next_page_token).toEqual(expect.any(String));
    expect(escapedFirst.body.next_page_token).toEqual(expect.any(String));

    const escapedSecond = await listing(escaped, plainFirst.body.next_page_token);
    const plainSecond = await listing(api.world.slugs.private, escapedFirst.body.next_page_token);
    for (const second of [escapedSecond, plainSecond]) {
      expect(second.status).toBe(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ path: 'e/100.txt' })], next_page_token: null });
    }
  });

  test.each([
    ['a two-part slug followed by the job', () => `gh%2F${org()}/${jobNumber}/artifacts`, /2 parts/],
    ['a four-part slug', () => `gh%2F${org()}/private-app/extra/${jobNumber}/artifacts`, /4 parts/],
    ['an escaped slash past the slug, inside it', () => `gh%2F${org()}%2Fprivate-app%2F${jobNumber}/artifacts`, /runs past/],
    ['an escaped slash past the slug, after a plain one', () => `gh/${org()}/private-app/${jobNumber}%2fartifacts`, /runs past/],
    ['an empty slug part', () => `gh%2F%2Fprivate-app/${jobNumber}/artifacts`, /empty/],
  ])('%s is a JSON 400 that says why', async (_what, path, reason) => {
    const response = await call(api.baseUrl, 'GET', `/api/v2/project/${path()}`, { token: reader() });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input', message: expect.stringMatching(reason) });
    expect(response.body.message).toContain('project slug');
  });
});
