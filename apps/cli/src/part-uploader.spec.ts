import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadPartTarget } from '@stowage/contracts';
import { sendJson, startFakeHttpServer, type FakeHandler, type FakeHttpServer } from './fake-http-server.spec-helper';
import { FileChangedError } from './hash-file';
import { PartUploader, errorMessageOf } from './part-uploader';
import { HttpStatusError } from './retry';

let dir: string;
let file: string;
let content: Buffer;
let server: FakeHttpServer | undefined;
let uploader: PartUploader;
const sleeps: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'part-uploader-'));
  file = join(dir, 'blob.bin');
  content = randomBytes(1024 * 1024 + 17);
  writeFileSync(file, content);
  sleeps.length = 0;
  uploader = new PartUploader({
    maxSockets: 4,
    retry: { retries: 3, baseDelayMs: 10, maxDelayMs: 40 },
    sleep: async (ms) => void sleeps.push(ms),
  });
});

afterEach(async () => {
  uploader.close();
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function serve(handler: FakeHandler): Promise<FakeHttpServer> {
  server = await startFakeHttpServer(handler);
  return server;
}

const target = (baseUrl: string, overrides: Partial<UploadPartTarget> = {}): UploadPartTarget => ({
  partNumber: 2,
  method: 'PUT',
  url: `${baseUrl}/bucket/key?partNumber=2&X-Amz-Signature=abc`,
  headers: { 'content-type': 'application/octet-stream' },
  offset: 300_000,
  length: 500_000,
  ...overrides,
});

describe('PartUploader', () => {
  it('streams exactly the bytes [offset, offset + length) with that Content-Length, not chunked', async () => {
    const { baseUrl, requests } = await serve((_request, response) => {
      response.writeHead(200, { etag: '"abc123"' });
      response.end();
    });
    const part = target(baseUrl);
    const etag = await uploader.upload({ absolutePath: file }, part, () => undefined);

    expect(etag).toBe('abc123');
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('PUT');
    expect(requests[0].url).toBe('/bucket/key?partNumber=2&X-Amz-Signature=abc');
    expect(requests[0].headers['content-length']).toBe('500000');
    expect(requests[0].headers['transfer-encoding']).toBeUndefined();
    expect(requests[0].body.equals(content.subarray(300_000, 800_000))).toBe(true);
  });

  it('sends the last, shorter part of a file up to its final byte', async () => {
    const { baseUrl, requests } = await serve((_request, response) => sendJson(response, 200, { etag: 'e' }));
    await uploader.upload({ absolutePath: file }, target(baseUrl, { offset: 1024 * 1024, length: 17 }), () => undefined);
    expect(requests[0].body.equals(content.subarray(1024 * 1024))).toBe(true);
  });

  it('sends a 0-byte part (an empty file) with Content-Length: 0', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const { baseUrl, requests } = await serve((_request, response) => sendJson(response, 200, { etag: 'e3b0' }));
    await expect(uploader.upload({ absolutePath: empty }, target(baseUrl, { offset: 0, length: 0 }), () => undefined)).resolves.toBe('e3b0');
    expect(requests[0].headers['content-length']).toBe('0');
    expect(requests[0].body).toHaveLength(0);
  });

  it('sends exactly the headers it was given (they may be signed), with its own Content-Length once', async () => {
    const { baseUrl, requests } = await serve((_request, response) => sendJson(response, 200, { etag: 'e' }));
    await uploader.upload(
      { absolutePath: file },
      target(baseUrl, { headers: { 'Content-Length': '999', 'x-amz-checksum-sha256': 'c2lnbmVk', 'content-type': 'application/x-test' } }),
      () => undefined,
    );
    const { headers } = requests[0];
    expect(headers['content-length']).toBe('500000');
    expect(headers['x-amz-checksum-sha256']).toBe('c2lnbmVk');
    expect(headers['content-type']).toBe('application/x-test');
  });

  it('never sends a Circle-Token or Authorization header to a part URL', async () => {
    const { baseUrl, requests } = await serve((_request, response) => sendJson(response, 200, { etag: 'e' }));
    await uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined);
    expect(requests[0].headers['circle-token']).toBeUndefined();
    expect(requests[0].headers.authorization).toBeUndefined();
    expect(requests[0].headers.cookie).toBeUndefined();
  });

  it('takes the ETag from a JSON { etag } body when there is no ETag header (the API filesystem endpoint)', async () => {
    const { baseUrl } = await serve((_request, response) => sendJson(response, 200, { etag: 'sha-of-part' }));
    await expect(uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined)).resolves.toBe('sha-of-part');
  });

  it('retries a part that got a 500 and sends the whole range again; progress counts it once', async () => {
    let attempts = 0;
    const { baseUrl, requests } = await serve((_request, response) => {
      attempts++;
      if (attempts === 1) return sendJson(response, 500, { statusCode: 500, error: 'internal', message: 'boom' });
      response.writeHead(200, { etag: '"ok"' });
      response.end();
    });
    let progress = 0;
    const etag = await uploader.upload({ absolutePath: file }, target(baseUrl), (delta) => (progress += delta));

    expect(etag).toBe('ok');
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.body.equals(content.subarray(300_000, 800_000))).toBe(true);
    expect(progress).toBe(500_000);
    expect(sleeps).toHaveLength(1);
  });

  it('retries when the connection drops before an answer', async () => {
    let attempts = 0;
    const { baseUrl } = await serve((_request, response, raw) => {
      if (++attempts === 1) return void raw.socket.destroy();
      sendJson(response, 200, { etag: 'second' });
    });
    await expect(uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined)).resolves.toBe('second');
    expect(attempts).toBe(2);
  });

  it('hashes a whole-file part as it is sent; a dropped attempt does not count towards the hash', async () => {
    let attempts = 0;
    const { baseUrl, requests } = await serve((request, response, raw) => {
      // The first attempt is cut off once part of the body has arrived.
      if (++attempts === 1) return void raw.socket.destroy();
      sendJson(response, 200, { etag: 'whole' });
    });
    const whole = target(baseUrl, { partNumber: 1, offset: 0, length: content.length });
    const result = await uploader.uploadWholeFile({ absolutePath: file }, whole, () => undefined);
    expect(result).toEqual({ etag: 'whole', sha256: createHash('sha256').update(content).digest('hex') });
    expect(requests.at(-1)!.body.equals(content)).toBe(true);
    expect(attempts).toBe(2);
  });

  it('retries a 429 and waits at least what Retry-After asks, within the policy ceiling', async () => {
    let attempts = 0;
    const { baseUrl } = await serve((_request, response) => {
      if (++attempts === 1) return sendJson(response, 429, { message: 'slow down' }, { 'retry-after': '1' });
      sendJson(response, 200, { etag: 'e' });
    });
    await uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined);
    // Retry-After says 1 s; the test policy caps any wait at 40 ms.
    expect(sleeps).toEqual([40]);
  });

  it('does not retry a 403, and reports the server message', async () => {
    const { baseUrl, requests } = await serve((_request, response) =>
      sendJson(response, 403, { statusCode: 403, error: 'forbidden', message: 'the upload URL has expired' }),
    );
    const failure = uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined);
    await expect(failure).rejects.toBeInstanceOf(HttpStatusError);
    await expect(failure).rejects.toMatchObject({ status: 403, message: 'HTTP 403: the upload URL has expired' });
    expect(requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('reports S3 XML errors by code and message', async () => {
    const { baseUrl } = await serve((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>');
    });
    await expect(uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined)).rejects.toThrow(
      'HTTP 403: SignatureDoesNotMatch: The request signature we calculated does not match',
    );
  });

  it('gives up after the configured retries, returning the last error', async () => {
    const { baseUrl, requests } = await serve((_request, response) => sendJson(response, 503, { message: 'unavailable' }));
    await expect(uploader.upload({ absolutePath: file }, target(baseUrl), () => undefined)).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('fails without retrying when the file is shorter than the part (it shrank since hashing)', async () => {
    const { baseUrl } = await serve((_request, response) => sendJson(response, 200, { etag: 'e' }));
    truncateSync(file, 400_000);
    let progress = 0;
    await expect(uploader.upload({ absolutePath: file }, target(baseUrl), (delta) => (progress += delta))).rejects.toBeInstanceOf(FileChangedError);
    expect(sleeps).toHaveLength(0);
    expect(progress).toBe(0);
  });
});

describe('errorMessageOf', () => {
  it.each([
    ['{"statusCode":400,"error":"invalid_input","message":"bad path"}', 'bad path'],
    ['<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', 'AccessDenied: Request has expired'],
    ['<html>\n<body>502 Bad Gateway</body>', '<html>'],
    ['', ''],
  ])('%s → %s', (body, message) => {
    expect(errorMessageOf(body)).toBe(message);
  });
});
