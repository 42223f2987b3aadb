import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SERVER_VERSION_HEADER } from '@stowage/contracts';
import { startWebServer, type SpawnedWebServer } from '@stowage/testing';
import { startApi, type ApiHarness } from '../test/api-harness';

/**
 * `/cli/*` serves what the build put in CLI_DIST_DIR. Here that directory holds stand-in files
 * written by the test (the real bundle and executable are fetched and run in apps/cli's
 * cli-downloads.integration-spec.ts), one of them larger than any single stream chunk.
 */
/**
 * A GET as curl sends it: only the headers given (Node's fetch adds `cache-control: no-cache` to a
 * conditional request, which a CI job's curl never sends), the body read whole.
 */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode as number, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const workspaceVersion = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

describe('CLI downloads (/cli)', () => {
  let api: ApiHarness;
  let dir: string;
  const bundle = Buffer.from('#!/usr/bin/env node\nconsole.log("stand-in")\n');
  const executable = randomBytes(3 * 1024 * 1024 + 17);
  const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-cli-dist-'));
    fs.writeFileSync(path.join(dir, 'stowage.cjs'), bundle);
    fs.writeFileSync(path.join(dir, 'stowage.cjs.sha256'), `${digest(bundle)}  stowage.cjs\n`);
    fs.writeFileSync(path.join(dir, 'stowage-linux-x64'), executable);
    fs.writeFileSync(path.join(dir, 'stowage-linux-x64.sha256'), `${digest(executable)}  stowage-linux-x64\n`);
    api = await startApi({ storage: 'filesystem', runner: false, extraEnv: { CLI_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await api?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (file: string, headers: Record<string, string> = {}) => fetch(`${api.baseUrl}/cli/${file}`, { headers });

  it.each([
    ['stowage.cjs', () => bundle, 'text/javascript; charset=utf-8'],
    ['stowage-linux-x64', () => executable, 'application/octet-stream'],
  ])('serves %s whole, with no token, its SHA-256 as ETag and a Cache-Control', async (file, bytes, contentType) => {
    const response = await get(file);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes())).toBe(true);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-length')).toBe(String(bytes().length));
    expect(response.headers.get('etag')).toBe(`"${digest(bytes())}"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
  });

  it.each(['stowage.cjs', 'stowage-linux-x64'])('serves %s.sha256 in sha256sum format, matching the bytes served', async (file) => {
    const [body, digestResponse] = await Promise.all([get(file).then(async (r) => Buffer.from(await r.arrayBuffer())), get(`${file}.sha256`)]);
    expect(digestResponse.status).toBe(200);
    expect(digestResponse.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await digestResponse.text()).toBe(`${digest(body)}  ${file}\n`);
    expect(digestResponse.headers.get('etag')).toBe(`"${digest(body)}.sha256"`);
  });

  it('answers 304 with no body to a conditional GET carrying the current ETag, and 200 to a stale one', async () => {
    const etag = (await fetch(`${api.baseUrl}/cli/stowage-linux-x64`, { method: 'HEAD' })).headers.get('etag') as string;
    // fetch adds `cache-control: no-cache` to a conditional request unless one is given, and
    // Express then never answers 304; curl and caches send none.
    const fresh = await get('stowage-linux-x64', { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(fresh.status).toBe(304);
    expect(await fresh.text()).toBe('');
    expect(fresh.headers.get('etag')).toBe(etag);
    const stale = await get('stowage-linux-x64', { 'if-none-match': `"${'0'.repeat(64)}"`, 'cache-control': 'max-age=0' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(executable.length);
    const digestFile = await get('stowage-linux-x64.sha256', { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(digestFile.status).toBe(200);
    expect(await digestFile.text()).toContain(digest(executable));
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${api.baseUrl}/cli/stowage-linux-x64`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(executable.length));
  });

  it('answers a JSON 404 for a name it does not serve, listing the ones it does', async () => {
    for (const name of ['stowage', 'stowage.exe', '..%2Fpackage.json', 'stowage.cjs.md5']) {
      const response = await get(name);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe('not_found');
      expect(body.message).toContain('stowage-linux-x64.sha256');
    }
  });

  it('answers a JSON 404 naming the build command when a file was not built, not a 500', async () => {
    fs.renameSync(path.join(dir, 'stowage-linux-x64'), path.join(dir, 'moved-away'));
    try {
      for (const name of ['stowage-linux-x64', 'stowage-linux-x64.sha256']) {
        const response = await get(name);
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('npx nx run cli:sea') });
      }
    } finally {
      fs.renameSync(path.join(dir, 'moved-away'), path.join(dir, 'stowage-linux-x64'));
    }
  });

  it('names the server version (the workspace package.json) on every response, errors included', async () => {
    expect((await get('stowage.cjs')).headers.get(SERVER_VERSION_HEADER)).toBe(workspaceVersion);
    expect((await get('nothing-here')).headers.get(SERVER_VERSION_HEADER)).toBe(workspaceVersion);
    expect((await fetch(`${api.baseUrl}/health/live`)).headers.get(SERVER_VERSION_HEADER)).toBe(workspaceVersion);
  });

  /** A CI job reaches the CLI at the address its users know: the web app forwards `/cli` to the API. */
  describe("through the web app's origin (next start)", () => {
    let web: SpawnedWebServer;
    beforeAll(async () => {
      web = await startWebServer({ apiUrl: api.baseUrl });
    });
    afterAll(() => web?.stop());

    it.each(['stowage.cjs', 'stowage.cjs.sha256', 'stowage-linux-x64', 'stowage-linux-x64.sha256'])(
      'answers %s with the same status, bytes, ETag and caching headers as the API',
      async (file) => {
        const [direct, forwarded] = await Promise.all([rawGet(`${api.baseUrl}/cli/${file}`), rawGet(`${web.url}/cli/${file}`)]);
        expect(direct.status).toBe(200);
        expect(forwarded.status).toBe(direct.status);
        expect(forwarded.body.equals(direct.body)).toBe(true);
        expect(direct.headers.etag).toMatch(/^"[0-9a-f]{64}(\.sha256)?"$/);
        for (const header of ['etag', 'cache-control', 'content-type', 'content-disposition'] as const) {
          expect({ header, value: forwarded.headers[header] }).toEqual({ header, value: direct.headers[header] });
        }
      },
    );

    it.each(['stowage.cjs', 'stowage-linux-x64'])('answers 304 with no body to a conditional GET of %s carrying the ETag the API serves', async (file) => {
      const { headers } = await rawGet(`${api.baseUrl}/cli/${file}`);
      const etag = headers.etag as string;
      const fresh = await rawGet(`${web.url}/cli/${file}`, { 'if-none-match': etag });
      expect(fresh.status).toBe(304);
      expect(fresh.body.length).toBe(0);
      expect(fresh.headers.etag).toBe(etag);
      const stale = await rawGet(`${web.url}/cli/${file}`, { 'if-none-match': `"${'0'.repeat(64)}"` });
      expect(stale.status).toBe(200);
      expect(stale.headers.etag).toBe(etag);
    });

    it('answers the API\'s JSON 404 for a name the API does not serve', async () => {
      const response = await rawGet(`${web.url}/cli/stowage.exe`);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ error: 'not_found', message: expect.stringContaining('stowage-linux-x64.sha256') });
    });
  });
});
