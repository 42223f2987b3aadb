import crypto from 'node:crypto';
import { STOWAGE_API_PREFIX } from '@stowage/contracts';
import { pack } from 'tar-stream';
import {
  freePort,
  startSpawnedPlatform,
  startWebServer,
  TEST_PASSWORD,
  uploadFiles,
  waitFor,
  type SpawnedPlatform,
  type SpawnedWebServer,
  type TestStorage,
} from '@stowage/testing';

jest.setTimeout(120_000);

const fakeToken = () => `stw_${crypto.randomBytes(32).toString('base64url')}`;
const basic = (token: string) => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;

/**
 * Every way a secret can be written down in a log: as sent, percent-encoded (either hex case), and
 * base64 (Basic auth carries `base64(token:)`; a proxy or a library could log any of these).
 */
function writtenForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const forms = [
    secret,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(`${secret}:`).toString('base64'),
  ];
  return [...new Set(forms)];
}

/**
 * Drives the real API and worker processes with a secret in every place a client or the server puts
 * one, at one log level, and returns the secrets sent and what the processes wrote.
 */
async function exerciseEveryCarrier(test: SpawnedPlatform, storage: TestStorage) {
  const { world, baseUrl } = test;
  const secrets = new Map<string, string>();
  const requestIds: string[] = [];
  const send = async (carrier: string, url: string, init: RequestInit = {}) => {
    const id = `carrier-${carrier}`;
    requestIds.push(id);
    const headers = new Headers(init.headers);
    headers.set('x-request-id', id);
    return fetch(url.startsWith('http') ? url : `${baseUrl}${url}`, { ...init, headers, redirect: 'manual' });
  };
  const keep = (name: string, secret: string) => {
    secrets.set(name, secret);
    return secret;
  };

  const admin = keep('admin token', world.tokens.admin);
  const member = keep('member token', world.tokens.member);
  const reader = keep('project read token', world.tokens.privateRead);
  const slug = world.slugs.private;
  const jobNumber = 7;

  // Uploads: the token in a header, the filesystem driver's signed part URLs, then completion.
  const content = Buffer.from('secret-free content\n');
  const created = await send('create-uploads', `${STOWAGE_API_PREFIX}/uploads`, {
    method: 'POST',
    headers: { 'circle-token': admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      project: slug,
      jobNumber,
      nodeIndex: 0,
      files: [{ path: 'report/result.txt', size: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex'), fileMode: 0o644 }],
    }),
  });
  expect(created.status).toBe(201);
  const { jobId, uploads } = (await created.json()) as {
    jobId: string;
    uploads: { artifactId: string; parts: { partNumber: number; url: string; headers?: Record<string, string> }[] }[];
  };
  const [upload] = uploads;
  const [part] = upload.parts;
  const partUrl = new URL(part.url);
  for (const name of ['signature', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token']) {
    const value = partUrl.searchParams.get(name);
    if (value) keep(`part URL ${name}`, value);
  }
  if (storage === 'filesystem') {
    const signature = partUrl.searchParams.get('signature') as string;
    // A failing PUT with the real signature (too few bytes), and one with a forged signature.
    const short = await send('part-short', part.url, { method: 'PUT', headers: part.headers, body: new Uint8Array(content.subarray(1)) });
    expect(short.status).toBeGreaterThanOrEqual(400);
    const forgedUrl = new URL(part.url);
    forgedUrl.searchParams.set('signature', keep('forged part signature', `${signature.slice(0, -6)}AAAAAA`));
    const forged = await send('part-forged', forgedUrl.toString(), { method: 'PUT', headers: part.headers, body: new Uint8Array(content) });
    expect(forged.status).toBe(403);
  }
  // S3 part URLs go to S3 itself, never through the API; the API must still not log them.
  const put = storage === 'filesystem'
    ? await send('part-ok', part.url, { method: 'PUT', headers: part.headers, body: new Uint8Array(content) })
    : await fetch(part.url, { method: 'PUT', headers: part.headers, body: new Uint8Array(content) });
  expect(put.ok).toBe(true);
  const etag = put.headers.get('etag')?.replace(/"/g, '') ?? ((await put.json()) as { etag: string }).etag;
  const completed = await send('complete-uploads', `${STOWAGE_API_PREFIX}/uploads/complete`, {
    method: 'POST',
    headers: { authorization: basic(admin), 'content-type': 'application/json' },
    body: JSON.stringify({ uploads: [{ artifactId: upload.artifactId, parts: [{ partNumber: part.partNumber, etag }] }] }),
  });
  expect(completed.status).toBeLessThan(300);
  await test.waitForFinalization(jobId);

  // The batch stream: its signed URL, refused (not a tar stream), forged, then sent as it should be.
  const batchFile = Buffer.from('batch content\n');
  const declared = await send('create-upload-batch', `${STOWAGE_API_PREFIX}/upload-batches`, {
    method: 'POST',
    headers: { 'circle-token': admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      project: slug,
      jobNumber,
      files: [{ path: 'report/batch.txt', size: batchFile.length, sha256: crypto.createHash('sha256').update(batchFile).digest('hex'), fileMode: 0o644 }],
    }),
  });
  expect(declared.status).toBe(201);
  const batchUrl = new URL(((await declared.json()) as { url: string }).url);
  const batchSignature = keep('batch URL signature', batchUrl.searchParams.get('signature') as string);
  expect((await send('batch-refused', batchUrl.toString(), { method: 'PUT', body: new Uint8Array(Buffer.alloc(1024, 0x41)) })).status).toBe(400);
  const forgedBatch = new URL(batchUrl);
  forgedBatch.searchParams.set('signature', keep('forged batch signature', `${batchSignature.slice(0, -6)}AAAAAA`));
  expect((await send('batch-forged', forgedBatch.toString(), { method: 'PUT', body: new Uint8Array(batchFile) })).status).toBe(403);
  const packer = pack();
  packer.entry({ name: 'report/batch.txt', size: batchFile.length }, batchFile);
  packer.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of packer as AsyncIterable<Buffer>) chunks.push(chunk);
  const tar = Buffer.concat(chunks);
  expect((await send('batch-ok', batchUrl.toString(), { method: 'PUT', body: new Uint8Array(tar) })).status).toBe(200);

  const listing = `/api/v1.1/project/${slug}/${jobNumber}/artifacts`;
  const missing = `/api/v1.1/project/gh/${world.organization.slug}/no-such-project/${jobNumber}/artifacts`;
  // The Circle-Token header.
  expect((await send('header-ok', listing, { headers: { 'circle-token': admin } })).status).toBe(200);
  expect((await send('header-bad', listing, { headers: { 'circle-token': keep('unknown header token', fakeToken()) } })).status).toBe(401);
  expect((await send('header-404', missing, { headers: { 'circle-token': admin } })).status).toBe(404);
  // The circle-token query parameter, as v1.1 clients send it, and the ways a URL can spell it.
  expect((await send('query-v11', `${listing}?circle-token=${member}`)).status).toBe(200);
  // (No job of this world ran on a branch: `latest` answers 404 here, which is a failing request too.)
  expect((await send('query-v11-latest', `/api/v1.1/project/${slug}/latest/artifacts?circle-token=${member}&filter=completed`)).status).toBe(404);
  expect((await send('query-v2', `/api/v2/project/${slug}/${jobNumber}/artifacts?circle-token=${member}`)).status).toBe(200);
  expect((await send('query-encoded-name', `${listing}?circle%2Dtoken=${encodeURIComponent(member)}`)).status).toBe(200);
  await send('query-repeated-mixed-case', `${listing}?Circle-Token=${member}&circle-token=${member}&CIRCLE-TOKEN=${member}`);
  await send('query-malformed', `${listing}?x=%zz&circle-token=${member}#circle-token=${member}`);
  expect((await send('query-bad', `${listing}?circle-token=${keep('unknown query token', fakeToken())}`)).status).toBe(401);
  expect((await send('query-404', `${missing}?circle-token=${member}`)).status).toBe(404);
  // HTTP Basic with the token as the username, as CircleCI's clients send it.
  expect((await send('basic-ok', listing, { headers: { authorization: basic(reader) } })).status).toBe(200);
  expect((await send('basic-bad', listing, { headers: { authorization: basic(keep('unknown basic token', fakeToken())) } })).status).toBe(401);
  expect((await send('basic-404', missing, { headers: { authorization: basic(reader) } })).status).toBe(404);
  // Signing in (the password in the body) and the session cookie it sets.
  const session = `${STOWAGE_API_PREFIX}/session`;
  const signIn = (carrier: string, password: string) =>
    send(carrier, session, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: world.users.admin.email, password }) });
  keep('password', TEST_PASSWORD);
  expect((await signIn('sign-in-bad', keep('wrong password', 'wrong-horse-battery-staple'))).status).toBe(401);
  const signedIn = await signIn('sign-in-ok', TEST_PASSWORD);
  expect(signedIn.status).toBe(200);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  expect(cookie).toMatch(/^stowage_session=./);
  keep('session secret', decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)));
  expect((await send('cookie-ok', `${STOWAGE_API_PREFIX}/me`, { headers: { cookie } })).status).toBe(200);
  expect((await send('cookie-bad', `${STOWAGE_API_PREFIX}/me`, { headers: { cookie: `stowage_session=${keep('unknown session', `sess_${crypto.randomBytes(32).toString('base64url')}`)}` } })).status).toBe(401);
  expect((await send('cookie-404', missing, { headers: { cookie } })).status).toBe(404);

  // Downloads: streamed from the filesystem, redirected to a presigned URL on S3.
  const download = `/output/job/${jobId}/artifacts/0/report/result.txt`;
  const downloaded = await send('download', `${download}?circle-token=${member}`);
  if (storage === 's3') {
    expect(downloaded.status).toBe(302);
    const location = new URL(downloaded.headers.get('location') as string);
    expect(location.searchParams.get('X-Amz-Signature')).toBeTruthy();
    for (const name of ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token']) {
      const value = location.searchParams.get(name);
      if (value) keep(`download Location ${name}`, value);
    }
  } else {
    expect(downloaded.status).toBe(200);
  }
  await downloaded.arrayBuffer().catch(() => undefined);
  expect((await send('download-404', `/output/job/${jobId}/artifacts/0/no-such-file.txt`, { headers: { authorization: basic(member) } })).status).toBe(404);

  // Every request is in the API's log before it is searched: a request that was not logged proves nothing.
  const deadline = Date.now() + 10_000;
  while (requestIds.some((id) => !test.output().api.includes(`"${id}"`)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return { secrets, requestIds };
}

/** Each log line holding a secret, named by the secret and the form it was written in. */
function leaks(output: string, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    for (const [name, secret] of secrets) {
      const form = writtenForms(secret).find((written) => line.includes(written));
      if (form) found.push(`${name} (${form === secret ? 'raw' : form}) in: ${line.slice(0, 600)}`);
    }
  }
  return found;
}

describe.each<[TestStorage, string]>([
  ['filesystem', 'info'],
  ['filesystem', 'trace'],
  ['s3', 'info'],
  ['s3', 'trace'],
])('no secret reaches the logs (%s driver, LOG_LEVEL=%s)', (storage, level) => {
  let test: SpawnedPlatform;
  let result: Awaited<ReturnType<typeof exerciseEveryCarrier>>;

  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage, extraEnv: { LOG_LEVEL: level } });
    result = await exerciseEveryCarrier(test, storage);
  });
  afterAll(() => test?.stop());

  it('logs every request it was sent (so the search below has something to search)', () => {
    const logged = test.output().api;
    expect(result.requestIds.filter((id) => !logged.includes(`"${id}"`))).toEqual([]);
    expect(test.output().worker).toContain('worker ready');
  });

  it('writes no token, password, session, part signature or presigned signature in any form, in the API or the worker', () => {
    expect(result.secrets.size).toBeGreaterThanOrEqual(storage === 's3' ? 12 : 11);
    const output = test.output();
    expect(leaks(output.api, result.secrets)).toEqual([]);
    expect(leaks(output.worker, result.secrets)).toEqual([]);
  });
});

/**
 * The web app's server forwards `/api`, `/output` and `/cli` to the API, and Next.js prints the
 * whole forwarded URL when the API cannot be reached (`Failed to proxy http://api/...?circle-token=...`).
 * Every carrier is sent through two built web servers: one in front of the running API, one in front
 * of a closed port, so that each forwarded request is written to the web server's log.
 */
describe("no secret reaches the web app's server log (next start, API up and API unreachable)", () => {
  let test: SpawnedPlatform;
  let web: SpawnedWebServer;
  let cutOff: SpawnedWebServer;
  let closedApiUrl: string;
  const secrets = new Map<string, string>();
  const keep = (name: string, secret: string) => {
    secrets.set(name, secret);
    return secret;
  };
  /** Per web server, each request sent (method and path with query) and the status it got. */
  const answered = new Map<SpawnedWebServer, { carrier: string; method: string; path: string; status: number }[]>();
  const forwardedPrefixes = ['/api/', '/output/', '/cli/'];

  beforeAll(async () => {
    test = await startSpawnedPlatform({ storage: 'filesystem', extraEnv: { LOG_LEVEL: 'info' } });
    closedApiUrl = `http://127.0.0.1:${await freePort()}`;
    [web, cutOff] = await Promise.all([startWebServer({ apiUrl: test.baseUrl }), startWebServer({ apiUrl: closedApiUrl })]);
    const { world } = test;
    const slug = world.slugs.private;
    const jobNumber = 7;
    const { jobId } = await uploadFiles({
      baseUrl: test.baseUrl,
      token: world.tokens.privateUpload,
      project: slug,
      jobNumber,
      files: [{ path: 'report/result.txt', content: 'secret-free content\n' }],
    });
    await test.waitForFinalization(jobId);

    const admin = keep('admin token', world.tokens.admin);
    const member = keep('member token', world.tokens.member);
    const reader = keep('project read token', world.tokens.privateRead);
    const unknown = keep('unknown token', fakeToken());
    keep('password', TEST_PASSWORD);
    const wrongPassword = keep('wrong password', 'wrong-horse-battery-staple');
    const unknownSession = keep('unknown session', `sess_${crypto.randomBytes(32).toString('base64url')}`);
    const signInBody = (password: string) => JSON.stringify({ email: world.users.admin.email, password });

    // A real session, signed in through the web origin as the browser does.
    const signedIn = await fetch(`${web.url}${STOWAGE_API_PREFIX}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: signInBody(TEST_PASSWORD),
    });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^stowage_session=./);
    keep('session secret', decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)));

    const listing = `/api/v1.1/project/${slug}/${jobNumber}/artifacts`;
    const download = `/output/job/${jobId}/artifacts/0/report/result.txt`;
    const jobPage = `/${world.organization.slug}/github/private-app/jobs/${jobNumber}/artifacts`;
    // [carrier, path, init, status through the web server in front of the running API]
    const requests: [string, string, RequestInit, number][] = [
      ['query v1.1', `${listing}?circle-token=${member}`, {}, 200],
      ['query v2', `/api/v2/project/${slug}/${jobNumber}/artifacts?circle-token=${member}`, {}, 200],
      ['query encoded name', `${listing}?circle%2Dtoken=${encodeURIComponent(member)}`, {}, 200],
      ['query unknown', `${listing}?circle-token=${unknown}`, {}, 401],
      ['header', listing, { headers: { 'circle-token': admin } }, 200],
      ['header unknown', listing, { headers: { 'circle-token': unknown } }, 401],
      ['basic', listing, { headers: { authorization: basic(reader) } }, 200],
      ['basic unknown', listing, { headers: { authorization: basic(unknown) } }, 401],
      ['download query', `${download}?circle-token=${member}`, {}, 200],
      ['download basic', download, { headers: { authorization: basic(member) } }, 200],
      ['cli query', `/cli/stowage.cjs.sha256?circle-token=${member}`, {}, 200],
      ['sign-in wrong password', `${STOWAGE_API_PREFIX}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signInBody(wrongPassword) }, 401],
      ['cookie', `${STOWAGE_API_PREFIX}/me`, { headers: { cookie } }, 200],
      ['cookie unknown', `${STOWAGE_API_PREFIX}/me`, { headers: { cookie: `stowage_session=${unknownSession}` } }, 401],
      // A page: the web server calls the API itself, with the browser's session.
      ['page cookie', jobPage, { headers: { cookie } }, 200],
    ];
    for (const server of [web, cutOff]) {
      const log: { carrier: string; method: string; path: string; status: number }[] = [];
      answered.set(server, log);
      for (const [carrier, path, init, status] of requests) {
        const response = await fetch(`${server.url}${path}`, { ...init, redirect: 'manual' });
        await response.arrayBuffer().catch(() => undefined);
        log.push({ carrier, method: init.method ?? 'GET', path, status: response.status });
        if (server === web) expect({ carrier, status: response.status }).toEqual({ carrier, status });
      }
    }
    // Next.js writes the failure after answering: wait until each forwarded request is in the log.
    // A request never logged is reported by name in the first test below, so the timeout is not thrown here.
    const pathsOf = (entries: { path: string }[]) => entries.map(({ path }) => path.split('?')[0]).filter((path) => forwardedPrefixes.some((prefix) => path.startsWith(prefix)));
    await waitFor(
      async () => pathsOf(answered.get(cutOff) ?? []).every((path) => cutOff.output().includes(`Failed to proxy ${closedApiUrl}${path}`)),
      'the web server to log every request it failed to forward',
      10_000,
    ).catch(() => undefined);
  });
  afterAll(async () => {
    await Promise.all([web?.stop(), cutOff?.stop()]);
    await test?.stop();
  });

  it('logs "Failed to proxy" with the forwarded URL for every request it could not forward (so the search below has something to search)', () => {
    const failures = answered.get(cutOff) ?? [];
    const forwarded = failures.filter(({ path }) => forwardedPrefixes.some((prefix) => path.startsWith(prefix)));
    expect(forwarded.length).toBeGreaterThanOrEqual(14);
    for (const { carrier, path, status } of forwarded) {
      expect({ carrier, status }).toEqual({ carrier, status: 500 });
      expect({ carrier, logged: cutOff.output().includes(`Failed to proxy ${closedApiUrl}${path.split('?')[0]}`) }).toEqual({ carrier, logged: true });
    }
    // The query-carried secrets were in the logged URLs, redacted.
    expect(cutOff.output()).toContain(`${closedApiUrl}/api/v1.1/project/${test.world.slugs.private}/7/artifacts?circle-token=[redacted]`);
    expect(cutOff.output()).toContain(`${closedApiUrl}/cli/stowage.cjs.sha256?circle-token=[redacted]`);
  });

  it('writes no token, password or session in any form, in either web server or in the API behind it', () => {
    expect(secrets.size).toBe(8);
    expect(leaks(web.output(), secrets)).toEqual([]);
    expect(leaks(cutOff.output(), secrets)).toEqual([]);
    expect(leaks(test.output().api, secrets)).toEqual([]);
  });
});
