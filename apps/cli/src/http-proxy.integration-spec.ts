import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSpawnedPlatform, type SpawnedPlatform } from '@stowage/testing';
import { runCli } from './main';

/**
 * A forward proxy as a CI network has one: for an http:// target it receives the request with the
 * absolute URI as its target (`PUT http://host:port/path HTTP/1.1`) and forwards it. It records
 * what went through it.
 */
async function startForwardProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const target = new URL(request.url as string);
    const upstream = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode as number, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let test: SpawnedPlatform;
let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
let root: string;
let jobNumber = 700;

beforeAll(async () => {
  test = await startSpawnedPlatform({ storage: 'filesystem' });
  proxy = await startForwardProxy();
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await test?.stop();
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stowage-cli-proxy-'));
  mkdirSync(join(root, 'artifacts'));
  writeFileSync(join(root, 'artifacts', 'a.txt'), 'a\n');
  // Above the 1 MiB batch threshold: the per-file protocol, beside a.txt's batch stream.
  writeFileSync(join(root, 'artifacts', 'b.bin'), Buffer.alloc(2 * 1024 * 1024, 'b'));
  proxy.seen.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function storeThrough(proxyEnv: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(['store-artifacts', '--path', 'artifacts'], {
    env: {
      STOWAGE_URL: test.baseUrl,
      STOWAGE_TOKEN: test.world.tokens.privateUpload,
      STOWAGE_PROJECT: test.world.slugs.private,
      CIRCLE_BUILD_NUM: String(++jobNumber),
      ...proxyEnv,
    },
    cwd: root,
    home: root,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { exitCode, stdout, stderr };
}

describe('stowage store-artifacts behind an HTTP proxy', () => {
  it.each([['HTTP_PROXY'], ['http_proxy']])('sends the API calls and every part upload through %s', async (variable) => {
    const result = await storeThrough({ [variable]: proxy.url });

    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^Stored 2 files/) });
    const origin = test.baseUrl;
    expect(proxy.seen).toContain(`POST ${origin}/api/stowage/v1/upload-batches`);
    expect(proxy.seen).toContain(`POST ${origin}/api/stowage/v1/uploads`);
    expect(proxy.seen).toContain(`POST ${origin}/api/stowage/v1/uploads/complete`);
    // The filesystem driver's part URLs and the batch URL are the API's own: a.txt's tar stream and b.bin's one part.
    expect(proxy.seen.filter((line) => line.startsWith(`PUT ${origin}/`)).map((line) => line.split('?')[0]!.replace(/[0-9a-f-]{36}/g, ':id'))).toEqual(
      expect.arrayContaining([`PUT ${origin}/api/stowage/v1/upload-batches/:id`, `PUT ${origin}/api/stowage/v1/uploads/:id/parts/1`]),
    );
    expect(proxy.seen.filter((line) => line.startsWith(`PUT ${origin}/`))).toHaveLength(2);
  });

  it.each([['NO_PROXY'], ['no_proxy']])('goes straight to a host listed in %s', async (variable) => {
    const result = await storeThrough({ HTTP_PROXY: proxy.url, [variable]: '127.0.0.1' });

    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^Stored 2 files/) });
    expect(proxy.seen).toEqual([]);
  });

  it('uses no proxy when none is set', async () => {
    expect((await storeThrough({})).exitCode).toBe(0);
    expect(proxy.seen).toEqual([]);
  });
});
