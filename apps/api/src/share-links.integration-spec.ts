import { issueProjectToken, uploadFiles } from '@stowage/testing';
import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { egressOf } from '../test/egress';
import { readZip } from '../test/read-zip';

const unique = () => Math.random().toString(36).slice(2, 8);
const DAY = 24 * 3600;

function expectLinkHeaders(headers: Headers) {
  expect({ referrer: headers.get('referrer-policy'), cache: headers.get('cache-control'), robots: headers.get('x-robots-tag') }).toEqual({
    referrer: 'no-referrer',
    cache: 'private, no-store',
    robots: 'noindex',
  });
}

describe.each(['filesystem', 's3'] as const)('share links with the %s driver', (storage) => {
  let api: ApiHarness;
  let slug: string;
  let projectId: string;
  let readToken: string;
  let jobNumber: number;
  const files = {
    'dist/app.js': 'console.log("app")\n',
    'dist/sub/report.html': '<script>document.title = "report"</script>',
    'dist-private/secret.txt': 'not shared',
    'other/x.txt': 'not shared either',
  };

  beforeAll(async () => {
    api = await startApi({ storage });
    const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `share-${unique()}`, isPrivate: true });
    projectId = project.id;
    readToken = (await issueProjectToken(api.platform, project, 'read', api.world.users.admin.email, 'read')).secret;
    slug = `gh/${api.world.organization.slug}/${project.name}`;
    jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber, files: Object.entries(files).map(([p, content]) => ({ path: p, content: Buffer.from(content) })) });
    await api.drain();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const share = (body: object, token = api.world.tokens.member) =>
    call(api.baseUrl, 'POST', `/api/stowage/v1/projects/${slug}/share-links`, { token, body: { target: { jobNumber }, expiresInSeconds: DAY, ...body } });

  test('a folder link: listing, files and zip without a token, whole segments only, the link headers, egress counted', async () => {
    const created = await share({ path: 'dist', note: 'for QA' });
    expect(created.status).toBe(201);
    const { secret, url } = created.body;
    expect(url).toBe(`${api.baseUrl}/s/${secret}/listing`);

    const listing = await call(api.baseUrl, 'GET', url);
    expect(listing.status).toBe(200);
    expectLinkHeaders(listing.headers);
    expect(listing.body.items.map((i: { path: string }) => i.path)).toEqual(['dist/app.js', 'dist/sub/report.html']);
    expect(listing.body).toMatchObject({ job: { number: jobNumber }, path: 'dist', note: 'for QA' });

    const before = await egressOf(api, projectId, 0);
    const file = await fetch(listing.body.items[1].url, { redirect: 'manual' });
    expectLinkHeaders(file.headers);
    let bytes: Buffer;
    if (storage === 's3') {
      expect(file.status).toBe(302);
      bytes = Buffer.from(await (await fetch(file.headers.get('location')!)).arrayBuffer());
    } else {
      expect(file.status).toBe(200);
      expect(file.headers.get('content-security-policy')).toContain('sandbox');
      bytes = Buffer.from(await file.arrayBuffer());
    }
    expect(bytes.toString()).toBe(files['dist/sub/report.html']);
    expect(await egressOf(api, projectId, before + bytes.length)).toBe(before + bytes.length);

    const zip = await fetch(`${api.baseUrl}/s/${secret}/archive.zip`);
    expect(zip.status).toBe(200);
    expectLinkHeaders(zip.headers);
    const zipBytes = Buffer.from(await zip.arrayBuffer());
    expect(Object.keys(await readZip(zipBytes))).toEqual(['0/dist/app.js', '0/dist/sub/report.html']);
    expect(await egressOf(api, projectId, before + bytes.length + zipBytes.length)).toBe(before + bytes.length + zipBytes.length);

    const listed = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${slug}/share-links`, { token: api.world.tokens.member });
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, path: 'dist', state: 'active', useCount: 3 })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  test('outside the scope, expired, revoked, unknown: the same JSON 404 with the link headers', async () => {
    const { body: link } = await share({ path: 'dist' });
    const notFound = async (pathAfterSecret: string, secret = link.secret) => {
      const response = await call(api.baseUrl, 'GET', `/s/${secret}${pathAfterSecret}`, { token: api.world.tokens.admin });
      expectLinkHeaders(response.headers);
      return [response.status, response.body?.error, response.body?.message];
    };
    const GONE = [404, 'not_found', 'link not found'];
    for (const outside of [
      '/files/0/dist-private/secret.txt',
      '/files/0/dist/../other/x.txt',
      '/files/0/dist/%2E%2E/other/x.txt',
      '/files/0/dist%2F..%2Fother%2Fx.txt',
      '/files/0/dist%2Fapp.js',
      '/files/1/dist/app.js',
      '/files/0/other/x.txt',
      '/files/x/dist/app.js',
    ]) {
      expect([outside, ...(await notFound(outside))]).toEqual([outside, ...GONE]);
    }
    expect(await notFound('/listing', `shr_${'A'.repeat(43)}`)).toEqual(GONE);

    const revoke = await call(api.baseUrl, 'DELETE', `/api/stowage/v1/projects/${slug}/share-links/${link.id}`, { token: api.world.tokens.admin });
    expect(revoke.status).toBe(204);
    expect(await notFound('/listing')).toEqual(GONE);
    expect(await notFound('/files/0/dist/app.js')).toEqual(GONE);
    expect(await notFound('/archive.zip')).toEqual(GONE);

    const { body: brief } = await share({ expiresInSeconds: 3600 });
    expect((await call(api.baseUrl, 'GET', `/s/${brief.secret}/listing`)).status).toBe(200);
    api.clock.advance(3600 * 1000);
    expect(await notFound('/listing', brief.secret)).toEqual(GONE);
  });

  test('creation is checked: expiry bounds, members only, a path; the organization switch turns every link off', async () => {
    expect((await share({ expiresInSeconds: 3599 })).status).toBe(400);
    expect((await share({ expiresInSeconds: 31 * DAY })).status).toBe(400);
    expect((await share({ path: 'a/../b' })).status).toBe(400);
    expect((await share({}, api.world.tokens.outsider)).status).toBe(404);
    // A project token reads but is no member: it may not hand out links.
    expect((await share({}, readToken)).status).toBe(403);

    const { body: link } = await share({});
    const org = api.world.organization.slug;
    expect((await call(api.baseUrl, 'PUT', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.member, body: { enabled: false } })).status).toBe(403);
    expect((await call(api.baseUrl, 'PUT', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.admin, body: { enabled: 'no' } })).status).toBe(400);
    expect((await call(api.baseUrl, 'GET', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.member })).body).toEqual({ enabled: true });
    expect((await call(api.baseUrl, 'PUT', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.admin, body: { enabled: false } })).body).toEqual({ enabled: false });
    try {
      // Members see the switch (the web app's Share action says links are off); outsiders do not.
      expect((await call(api.baseUrl, 'GET', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.member })).body).toEqual({ enabled: false });
      expect((await call(api.baseUrl, 'GET', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.outsider })).status).toBe(403);
      expect((await call(api.baseUrl, 'GET', `/s/${link.secret}/listing`)).status).toBe(404);
      expect((await share({})).status).toBe(403);
    } finally {
      await call(api.baseUrl, 'PUT', `/api/stowage/v1/organizations/${org}/share-links`, { token: api.world.tokens.admin, body: { enabled: true } });
    }
    expect((await call(api.baseUrl, 'GET', `/s/${link.secret}/listing`)).status).toBe(200);
  });

  test('a stream link follows the newest successful job named J on branch B', async () => {
    const name = `build-${unique()}`;
    const jobs: number[] = [];
    for (const [content, status] of [['first', 'success'], ['second', 'failed']] as const) {
      const number = nextJobNumber();
      jobs.push(number);
      await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber: number, files: [{ path: 'out.txt', content: Buffer.from(content) }] });
      await call(api.baseUrl, 'PUT', `/api/stowage/v1/projects/${slug}/jobs/${number}`, { token: api.world.tokens.admin, body: { name, branch: 'main', status } });
    }
    await api.drain();
    const created = await share({ target: { stream: { name, branch: 'main' } }, path: 'out.txt' });
    expect(created.status).toBe(201);
    const fetchOut = async () => {
      const response = await fetch(`${api.baseUrl}/s/${created.body.secret}/files/0/out.txt`);
      return Buffer.from(await response.arrayBuffer()).toString();
    };
    expect(await fetchOut()).toBe('first');
    const third = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber: third, files: [{ path: 'out.txt', content: Buffer.from('third') }] });
    await call(api.baseUrl, 'PUT', `/api/stowage/v1/projects/${slug}/jobs/${third}`, { token: api.world.tokens.admin, body: { name, branch: 'main', status: 'success' } });
    await api.drain();
    expect(await fetchOut()).toBe('third');
  });
});
