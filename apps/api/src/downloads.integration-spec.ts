import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { uploadFiles } from '@stowage/testing';
import { Pool } from 'pg';
import { egressOf } from '../test/egress';
import { rawRequest, sha256 } from '../test/protocol';
import { readZip } from '../test/read-zip';

const unique = () => Math.random().toString(36).slice(2, 8);

/** Names that break naive URL building, as jobs really produce them. */
const AWKWARD_NAMES = [
  'dir with spaces/file one.txt',
  'plus+sign.txt',
  'percent%20encoded.txt',
  'hash#tag.txt',
  'question?mark.txt',
  'amp&ersand=1.txt',
  'quote"double.txt',
  "quote'single.txt",
  '日本語/テスト結果.txt',
  'emoji 🚀/🎉 party.log',
  'tilde~(paren)!.txt',
  'back\\slash.txt',
];

describe('downloads with the filesystem driver', () => {
  let api: ApiHarness;
  const alphabet = Buffer.from('abcdefghijklmnopqrstuvwxyz');
  const nonAsciiName = 'résumé 日本.txt';
  let urls: Record<string, string>;

  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem' });
    const jobNumber = nextJobNumber();
    await uploadFiles({
      baseUrl: api.baseUrl,
      token: api.world.tokens.admin,
      project: api.world.slugs.private,
      jobNumber,
      files: [
        { path: 'letters.txt', content: alphabet },
        { path: `docs/${nonAsciiName}`, content: 'bonjour' },
      ],
    });
    await api.drain();
    const listing = await call(api.baseUrl, 'GET', `/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    urls = Object.fromEntries(listing.body.map((artifact: { path: string; url: string }) => [artifact.path, artifact.url]));
  });
  afterAll(async () => {
    await api?.stop();
  });

  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => fetch(url, { method, headers: { 'circle-token': api.world.tokens.member, ...headers } });

  test('GET answers the bytes with type, length, ETag, Last-Modified, inline disposition, a sandboxing CSP and nosniff', async () => {
    const response = await get(urls['letters.txt']);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(alphabet);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '26',
      etag: `"${sha256(alphabet)}"`,
      'last-modified': new Date(Math.floor(api.clock.now().getTime() / 1000) * 1000).toUTCString(),
      'content-disposition': expect.stringMatching(/^inline; filename="?letters\.txt"?$/),
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
      'cache-control': expect.stringContaining('private'),
    });
    expect(response.headers.get('content-security-policy')).toMatch(/(^|;\s*)sandbox\b/);
  });

  test('HEAD answers the same headers and no body', async () => {
    const [got, head] = [await get(urls['letters.txt']), await get(urls['letters.txt'], {}, 'HEAD')];
    await got.arrayBuffer();
    expect(head.status).toBe(200);
    expect(Buffer.from(await head.arrayBuffer())).toHaveLength(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'content-disposition', 'content-security-policy', 'x-content-type-options']) {
      expect([name, head.headers.get(name)]).toEqual([name, got.headers.get(name)]);
    }
  });

  test('a non-ASCII file name survives in Content-Disposition as filename* (with an ASCII fallback)', async () => {
    const response = await get(urls[`docs/${nonAsciiName}`]);
    expect(await response.text()).toBe('bonjour');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe(nonAsciiName);
  });

  test.each([
    ['bytes=2-5', 'bytes 2-5/26', 'cdef'],
    ['bytes=-5', 'bytes 21-25/26', 'vwxyz'],
    ['bytes=20-', 'bytes 20-25/26', 'uvwxyz'],
    ['bytes=25-100', 'bytes 25-25/26', 'z'],
  ])('Range %s answers 206 with Content-Range %s', async (range, contentRange, body) => {
    const response = await get(urls['letters.txt'], { range });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(contentRange);
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(await response.text()).toBe(body);
  });

  test.each(['bytes=26-', 'bytes=30-40'])('an unsatisfiable Range (%s) answers 416 with Content-Range bytes */26', async (range) => {
    const response = await get(urls['letters.txt'], { range });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */26');
    expect(await response.json()).toMatchObject({ statusCode: 416, error: 'range_not_satisfiable' });
  });

  // Sent with node:http: fetch adds `Cache-Control: no-cache` to conditional requests (as the Fetch
  // standard says), and Express's freshness check then always answers in full.
  const conditional = (url: string, headers: Record<string, string>) =>
    rawRequest(api.baseUrl, new URL(url).pathname, { headers: { 'circle-token': api.world.tokens.member, ...headers } });

  test('If-None-Match with the ETag answers 304 without a body; another ETag gets the bytes', async () => {
    const etag = `"${sha256(alphabet)}"`;
    const fresh = await conditional(urls['letters.txt'], { 'if-none-match': etag });
    expect(fresh.status).toBe(304);
    expect(fresh.text).toBe('');
    expect(fresh.headers.etag).toBe(etag);
    const stale = await conditional(urls['letters.txt'], { 'if-none-match': `"${sha256('something else')}"` });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(alphabet.toString());
  });

  test('a Range with a stale If-Range gets the whole file', async () => {
    const response = await get(urls['letters.txt'], { range: 'bytes=0-1', 'if-range': `"${sha256('old')}"` });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(alphabet);
  });

  test('downloads record egress: the bytes sent for GET and Range, nothing for HEAD or 304', async () => {
    const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `egress-${unique()}`, isPrivate: true });
    const slug = `gh/${api.world.organization.slug}/${project.name}`;
    const jobNumber = nextJobNumber();
    const content = Buffer.alloc(10_000, 'x');
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber, files: [{ path: 'big.bin', content }] });
    await api.drain();
    const [{ url }] = (await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/${jobNumber}/artifacts`, { token: api.world.tokens.member })).body;
    expect(await egressOf(api, project.id)).toBe(0);

    await (await get(url)).arrayBuffer();
    expect(await egressOf(api, project.id, 10_000)).toBe(10_000);
    await (await get(url, { range: 'bytes=0-99' })).arrayBuffer();
    expect(await egressOf(api, project.id, 10_100)).toBe(10_100);
    await (await get(url, {}, 'HEAD')).arrayBuffer();
    expect((await rawRequest(api.baseUrl, new URL(url).pathname, { headers: { 'circle-token': api.world.tokens.member, 'if-none-match': `"${sha256(content)}"` } })).status).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await egressOf(api, project.id)).toBe(10_100);
    const rows = await api.platform.db.usageRecord.findMany({ where: { projectId: project.id } });
    expect(rows.map((row) => [row.kind, Number(row.bytes)]).sort()).toEqual([['EGRESS', 100], ['EGRESS', 10_000]]);

    const usage = await call(api.baseUrl, 'GET', `/api/stowage/v1/organizations/${api.world.organization.slug}/usage`, { token: api.world.tokens.member });
    expect(usage.body.egress.totalBytes).toBeGreaterThanOrEqual(10_100);
  });

  test('a client that hangs up part way: the server stops sending, records what it sent, and serves the next request', async () => {
    const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `hangup-${unique()}`, isPrivate: true });
    const slug = `gh/${api.world.organization.slug}/${project.name}`;
    const jobNumber = nextJobNumber();
    const content = Buffer.alloc(64 * 1024 * 1024, 'y');
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber, files: [{ path: 'huge.bin', content }] });
    await api.drain();
    const [{ url }] = (await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/${jobNumber}/artifacts`, { token: api.world.tokens.member })).body;

    const controller = new AbortController();
    const response = await fetch(url, { headers: { 'circle-token': api.world.tokens.member }, signal: controller.signal });
    expect(response.status).toBe(200);
    await response.body!.getReader().read();
    controller.abort();

    const sent = await egressOf(api, project.id, 1);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(content.length);
    const again = await fetch(url, { headers: { 'circle-token': api.world.tokens.member, range: 'bytes=0-9' } });
    expect(Buffer.from(await again.arrayBuffer())).toEqual(content.subarray(0, 10));
  });
});

describe.each(['filesystem', 's3'] as const)('with the %s driver', (storage) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage });
  });
  afterAll(async () => {
    await api?.stop();
  });
  const token = () => api.world.tokens.member;
  const listing = async (jobNumber: number) =>
    (await call(api.baseUrl, 'GET', `/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: token() })).body as Array<{ path: string; node_index: number; url: string }>;

  test('every awkward name is listed with a URL that downloads it byte for byte', async () => {
    const jobNumber = nextJobNumber();
    const contents = Object.fromEntries(AWKWARD_NAMES.map((name, i) => [name, Buffer.from(`${i}: ${name}\n`)]));
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: api.world.slugs.private, jobNumber, files: AWKWARD_NAMES.map((name) => ({ path: name, content: contents[name] })) });
    await api.drain();
    const listed = await listing(jobNumber);
    expect(listed.map((artifact) => artifact.path).sort()).toEqual([...AWKWARD_NAMES].sort());
    for (const artifact of listed) {
      const response = await fetch(artifact.url, { headers: { 'circle-token': token() } });
      expect([artifact.path, response.status, Buffer.from(await response.arrayBuffer())]).toEqual([artifact.path, 200, contents[artifact.path]]);
    }
  });

  test('names with a tab and a newline: stored, listed JSON-escaped, downloaded through %09 and %0A with a safe Content-Disposition, exact in the zip', async () => {
    const jobNumber = nextJobNumber();
    const names = ['ctl/tab\there.txt', 'ctl/new\nline.log', 'ctl/a\\..\\..\\evil'];
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: api.world.slugs.private, jobNumber, files: names.map((name) => ({ path: name, content: `bytes of ${name}` })) });
    await api.drain();
    const slug = api.world.slugs.private;

    // Every listing returns the real names, JSON-escaped (`\t`, `\n` in the raw text), with Java-encoded URLs.
    for (const url of [
      `/api/v1.1/project/${slug}/${jobNumber}/artifacts`,
      `/api/v2/project/${slug}/${jobNumber}/artifacts`,
      `/api/stowage/v1/projects/${slug}/jobs/${jobNumber}/artifacts`,
    ]) {
      const response = await fetch(`${api.baseUrl}${url}`, { headers: { 'circle-token': token() } });
      const text = await response.text();
      expect([url, response.status]).toEqual([url, 200]);
      expect(text).toContain('"ctl/tab\\there.txt"');
      expect(text).toContain('"ctl/new\\nline.log"');
      expect(text).not.toMatch(/[\u0000-\u001f]/);
    }
    const listed = await listing(jobNumber);
    expect(listed.map((artifact) => artifact.path).sort()).toEqual([...names].sort());
    const urlOf = (name: string) => listed.find((artifact) => artifact.path === name)!.url;
    expect(urlOf('ctl/tab\there.txt')).toMatch(/\/0\/ctl\/tab%09here\.txt$/);
    expect(urlOf('ctl/new\nline.log')).toMatch(/\/0\/ctl\/new%0Aline\.log$/);

    for (const [name, encodedFile] of [['ctl/tab\there.txt', 'tab%09here.txt'], ['ctl/new\nline.log', 'new%0Aline.log']]) {
      // Lowercase hex finds it too, as URLDecoder would.
      for (const url of [urlOf(name), urlOf(name).replace(/%0A/g, '%0a')]) {
        const response = await fetch(url, { headers: { 'circle-token': token() } });
        expect([name, response.status, await response.text()]).toEqual([name, 200, `bytes of ${name}`]);
        const disposition = response.headers.get('content-disposition')!;
        // The name percent-encoded in filename*, a "?" for the control character in the ASCII fallback.
        expect(disposition).toMatch(new RegExp(`filename="${encodedFile.replace(/%0[9A]/, '\\?').replace('.', '\\.')}"; filename\\*=UTF-8''${encodedFile.replace('.', '\\.')}$`));
      }
    }

    const zip = await fetch(`${api.baseUrl}/api/stowage/v1/projects/${slug}/jobs/${jobNumber}/artifacts.zip`, { headers: { 'circle-token': token() } });
    expect(zip.status).toBe(200);
    expect(await readZip(Buffer.from(await zip.arrayBuffer()))).toEqual({
      '0/ctl/tab\there.txt': Buffer.from('bytes of ctl/tab\there.txt'),
      '0/ctl/new\nline.log': Buffer.from('bytes of ctl/new\nline.log'),
      // archiver would turn "\" into "/" and this into 0/ctl/a/../../evil, climbing out: written %5C instead.
      '0/ctl/a%5C..%5C..%5Cevil': Buffer.from('bytes of ctl/a\\..\\..\\evil'),
    });

    // A ".." segment is still refused, with a 400 that names the path escaped. Sent raw: fetch would
    // resolve the "%2E%2E" itself, as the URL standard says.
    const jobId = new URL(urlOf('ctl/tab\there.txt')).pathname.split('/')[3];
    const dotDot = await rawRequest(api.baseUrl, `/output/job/${jobId}/artifacts/0/ctl/tab%09x/%2E%2E/new%0Aline.log`, { headers: { 'circle-token': token() } });
    expect(dotDot.status).toBe(400);
    expect(dotDot.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('invalid artifact path "ctl/tab\\tx/../new\\nline.log"') });
  });

  describe('zip archives', () => {
    let jobNumber: number;
    const files: Array<[node: number, path: string, content: string]> = [
      [0, 'top.txt', 'top of node 0'],
      [0, 'reports/a.html', '<p>node 0 report</p>'],
      [0, 'reports/sub/b.css', 'p { color: green }'],
      [0, 'logs/build.log', 'node 0 log'],
      [1, 'reports/a.html', '<p>node 1 report</p>'],
      [1, 'logs/node1.log', 'node 1 log'],
    ];
    const zipOf = async (query: string) => {
      const response = await fetch(`${api.baseUrl}/api/stowage/v1/projects/${api.world.slugs.private}/jobs/${jobNumber}/artifacts.zip${query}`, { headers: { 'circle-token': token() } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      return { disposition: response.headers.get('content-disposition'), entries: await readZip(Buffer.from(await response.arrayBuffer())) };
    };
    const expected = (entries: Array<[string, string]>) => Object.fromEntries(entries.map(([name, content]) => [name, Buffer.from(content)]));

    beforeAll(async () => {
      jobNumber = nextJobNumber();
      for (const node of [0, 1]) {
        await uploadFiles({
          baseUrl: api.baseUrl,
          token: api.world.tokens.admin,
          project: api.world.slugs.private,
          jobNumber,
          nodeIndex: node,
          files: files.filter(([n]) => n === node).map(([, path, content]) => ({ path, content })),
        });
      }
      await api.drain();
    });

    test("the job's zip holds every artifact under <node>/<path> with its bytes", async () => {
      const { disposition, entries } = await zipOf('');
      expect(disposition).toContain(`private-app-${jobNumber}.zip`);
      expect(entries).toEqual(expected(files.map(([node, path, content]) => [`${node}/${path}`, content])));
    });

    test("one node's zip holds that node's artifacts under their paths", async () => {
      const { entries } = await zipOf('?node_index=1');
      expect(entries).toEqual(expected([['reports/a.html', '<p>node 1 report</p>'], ['logs/node1.log', 'node 1 log']]));
    });

    test("one folder's zip holds only the artifacts under that prefix, on every node", async () => {
      const { entries } = await zipOf('?prefix=reports/');
      expect(entries).toEqual(expected([['0/reports/a.html', '<p>node 0 report</p>'], ['0/reports/sub/b.css', 'p { color: green }'], ['1/reports/a.html', '<p>node 1 report</p>']]));
      expect((await zipOf('?node_index=0&prefix=reports/sub/')).entries).toEqual(expected([['reports/sub/b.css', 'p { color: green }']]));
    });
  });

  test('a download says the same Content-Disposition (inline, the name in filename*) whether the API streams it or the store serves it', async () => {
    const jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: api.world.slugs.private, jobNumber, files: [{ path: 'reports/résumé.txt', content: 'same headers' }] });
    await api.drain();
    const [{ url }] = await listing(jobNumber);
    // fetch follows the S3 driver's 302 to the store, which echoes the presigned disposition.
    const response = await fetch(url, { headers: { 'circle-token': token() } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('same headers');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="r?sum?.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`);
  });

  if (storage === 's3') {
    test('s3: a download answers 302 to a presigned URL of the store whose bytes match, and records the egress', async () => {
      const project = await api.platform.admin.provisionProject({ organization: api.world.organization.slug, vcsType: 'github', name: `egress-${unique()}`, isPrivate: true });
      const slug = `gh/${api.world.organization.slug}/${project.name}`;
      const jobNumber = nextJobNumber();
      const content = Buffer.from('bytes straight from the bucket\n'.repeat(100));
      await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: slug, jobNumber, files: [{ path: 'reports/résumé.txt', content }] });
      await api.drain();
      const [{ url }] = (await call(api.baseUrl, 'GET', `/api/v1.1/project/${slug}/${jobNumber}/artifacts`, { token: token() })).body;

      const redirect = await fetch(url, { headers: { 'circle-token': token() }, redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get('location')!;
      expect(location.startsWith(`${api.s3!.endpoint}/${api.s3!.bucket}/`)).toBe(true);
      expect(location).toContain('X-Amz-Signature=');
      // The presigned URL is the credential: no token is sent to the store.
      const fromStore = await fetch(location);
      expect(fromStore.status).toBe(200);
      expect(Buffer.from(await fromStore.arrayBuffer())).toEqual(content);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(fromStore.headers.get('content-disposition') ?? '')?.[1] ?? '')).toBe('résumé.txt');

      expect(await egressOf(api, project.id, content.length)).toBe(content.length);
    });
  }
});

describe('paths in byte order whatever the database locale', () => {
  // Byte order (UTF-8): "B" < "a-b" < "a/b" < "a_b" < "é". A linguistic collation (en_US, ICU "en")
  // sorts them a-b, a/b, a_b, B, é: punctuation ignored at first, case after letters, accents folded.
  const paths = ['é', 'a_b', 'B', 'a/b', 'a-b'];
  const byteOrder = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let api: ApiHarness;
  let database: Pool;
  let jobNumber: number;

  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem' });
    database = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    // Paths compared as a deployment whose database locale is linguistic compares them.
    await database.query('ALTER TABLE artifacts ALTER COLUMN path TYPE text COLLATE "en-x-icu"');
    jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: api.world.slugs.private, jobNumber, files: paths.map((p) => ({ path: p, content: p })) });
    await api.drain();
  });
  afterAll(async () => {
    await database?.query('ALTER TABLE artifacts ALTER COLUMN path TYPE text COLLATE "default"');
    await database?.end();
    await api?.stop();
  });

  test('the detailed listing lists a job\'s paths in byte order', async () => {
    const listed = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${api.world.slugs.private}/jobs/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect(listed.status).toBe(200);
    expect((listed.body as { items: Array<{ path: string }> }).items.map((item) => item.path)).toEqual(byteOrder);
  });

  test('the zip holds a job\'s entries in byte order of their paths', async () => {
    const response = await fetch(`${api.baseUrl}/api/stowage/v1/projects/${api.world.slugs.private}/jobs/${jobNumber}/artifacts.zip`, { headers: { 'circle-token': api.world.tokens.member } });
    expect(response.status).toBe(200);
    expect(Object.keys(await readZip(Buffer.from(await response.arrayBuffer())))).toEqual(byteOrder.map((p) => `0/${p}`));
  });

  test('the CircleCI listings keep byte order too', async () => {
    const v11 = await call(api.baseUrl, 'GET', `/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect((v11.body as Array<{ path: string }>).map((item) => item.path)).toEqual(byteOrder);
    const v2 = await call(api.baseUrl, 'GET', `/api/v2/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect((v2.body as { items: Array<{ path: string }> }).items.map((item) => item.path)).toEqual(byteOrder);
  });
});
