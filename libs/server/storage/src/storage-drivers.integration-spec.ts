import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { startS3Server, type TestS3Server } from '@stowage/testing-s3';

import { S3StorageDriver } from './s3.driver';
import { deliverByHttp, deliverThroughReceiver, describeStorageDriverContract, newKey, targetOptions } from './storage-driver.contract';
import { createStorage } from './storage-driver.factory';

const PART_URLS = { signingSecret: 'contract-suite-signing-secret', publicUrl: 'http://127.0.0.1:1' };

const MiB = 1024 * 1024;
const PREFIX = 'stowage-test/';

describe('FilesystemStorageDriver', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stowage-fs-driver-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describeStorageDriverContract('FilesystemStorageDriver', () => {
    const { driver, partReceiver } = createStorage({ driver: 'filesystem', dataDir }, PART_URLS);
    return { driver, deliver: deliverThroughReceiver(partReceiver), direct: false };
  });
});

describe('S3StorageDriver on s3rver', () => {
  let server: TestS3Server;
  const drivers: S3StorageDriver[] = [];
  const makeDriver = () => {
    const driver = new S3StorageDriver({ ...server.options, keyPrefix: PREFIX });
    drivers.push(driver);
    return driver;
  };

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    for (const driver of drivers) driver.destroy();
    await server?.stop();
  });

  describeStorageDriverContract('S3StorageDriver', () => ({ driver: makeDriver(), deliver: deliverByHttp, direct: true }), {
    // s3rver answers these with MethodNotAllowed / NotImplemented; the scripted endpoint below covers them.
    unsupported: ['abortMultipartUpload', 'listAbandonedUploads'],
  });

  it('is what the factory builds for driver "s3", with a part receiver that refuses every target', () => {
    const { driver, partReceiver } = createStorage({ driver: 's3', ...server.options }, PART_URLS);
    expect(driver).toBeInstanceOf(S3StorageDriver);
    expect(partReceiver.checkTarget('a', 1, {}, new Date())).toEqual({ ok: false, reason: 'the upload URL is not signed' });
    (driver as S3StorageDriver).destroy();
  });

  // s3rver does not verify SigV4 signatures, so check what the URLs sign by recomputing them.
  describe('presigned URLs', () => {
    it('sign each part PUT with its exact content-length, expiry, upload id and part number', async () => {
      const driver = makeDriver();
      const key = newKey();
      const size = 17 * MiB;
      const upload = await driver.createMultipartUpload(key, size);
      expect(upload).toMatchObject({ size, partSize: 8 * MiB, partCount: 3 });

      const parts = await driver.partTargets(key, upload, { ...targetOptions(), expiresInSeconds: 900 });
      expect(parts.map((p) => p.headers)).toEqual([
        { 'content-length': String(8 * MiB) },
        { 'content-length': String(8 * MiB) },
        { 'content-length': String(1 * MiB) },
      ]);

      for (const part of parts) {
        const url = new URL(part.url);
        expect(`${url.protocol}//${url.host}`).toBe(server.endpoint);
        expect(url.pathname).toBe(`/${server.bucket}/${PREFIX}${key}`);
        expect(url.searchParams.get('x-id')).toBe('UploadPart');
        expect(url.searchParams.get('partNumber')).toBe(String(part.partNumber));
        expect(url.searchParams.get('uploadId')).toBe(upload.uploadId);
        expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
        expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
        expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
          expect.arrayContaining(['content-length', 'host']),
        );
        expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
        // No checksum parameters: they would pin the body to one computed over nothing.
        expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);

        // The signature holds for a PUT with the declared length and for nothing else.
        const signature = url.searchParams.get('X-Amz-Signature');
        expect(sigV4QuerySignature(url, 'PUT', part.headers, server.options.secretAccessKey!)).toBe(signature);
        const longer = { 'content-length': String(Number(part.headers['content-length']) + 1) };
        expect(sigV4QuerySignature(url, 'PUT', longer, server.options.secretAccessKey!)).not.toBe(signature);
        expect(sigV4QuerySignature(url, 'GET', part.headers, server.options.secretAccessKey!)).not.toBe(signature);
      }
    });

    it.each([
      // `inline`, as the API says when it streams the file itself (a redirect must not change how it opens).
      ['report (final) "v2" ✓.txt', `inline; filename="report (final) \\"v2\\" ?.txt"; filename*=UTF-8''report%20%28final%29%20%22v2%22%20%E2%9C%93.txt`],
      // Control characters: percent-encoded in filename*, "?" in the fallback, never raw in the header.
      ['tab\there\nx.txt', `inline; filename="tab?here?x.txt"; filename*=UTF-8''tab%09here%0Ax.txt`],
    ])('presign a download that names the file %j and serves its bytes', async (filename, disposition) => {
      const driver = makeDriver();
      const key = newKey();
      const data = randomBytes(4_096);
      await driver.put(key, Readable.from([data]));

      const signed = await driver.presignDownload(key, { expiresInSeconds: 300, filename, contentType: 'text/plain' });
      const url = new URL(signed!);
      expect(url.pathname).toBe(`/${server.bucket}/${PREFIX}${key}`);
      expect(url.searchParams.get('x-id')).toBe('GetObject');
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
      expect(url.searchParams.get('response-content-type')).toBe('text/plain');
      expect(sigV4QuerySignature(url, 'GET', {}, server.options.secretAccessKey!)).toBe(
        url.searchParams.get('X-Amz-Signature'),
      );

      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(disposition);
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(data);
    });

    it('refuse expiries S3 cannot honour', async () => {
      const driver = makeDriver();
      const key = newKey();
      await expect(
        driver.presignDownload(key, { expiresInSeconds: 8 * 24 * 3600, filename: 'a', contentType: 'text/plain' }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
});

/**
 * A scripted S3 endpoint for what s3rver lacks (AbortMultipartUpload, ListMultipartUploads) and for
 * how requests are shaped (DeleteObjects batch sizes, part-size arithmetic).
 */
describe('S3StorageDriver against a scripted endpoint', () => {
  interface Seen {
    method: string;
    url: URL;
    body: string;
  }
  let server: Server;
  let endpoint: string;
  let seen: Seen[];
  let respond: (req: Seen, res: ServerResponse) => void;
  let driver: S3StorageDriver;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const buffers: Buffer[] = [];
      req.on('data', (b: Buffer) => buffers.push(b));
      req.on('end', () => {
        const entry = { method: req.method!, url: new URL(req.url!, 'http://x'), body: Buffer.concat(buffers).toString() };
        seen.push(entry);
        respond(entry, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    driver = new S3StorageDriver({
      bucket: 'scripted',
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      keyPrefix: 'p/',
    });
  });
  beforeEach(() => {
    seen = [];
  });
  afterAll(async () => {
    driver.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const xml = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const s3Error = (res: ServerResponse, status: number, code: string) =>
    xml(res, status, `<Error><Code>${code}</Code><Message>${code}</Message><RequestId>1</RequestId></Error>`);

  it('sizes parts in whole MiB, at least 8 MiB and at most 10,000 of them', async () => {
    respond = (_req, res) =>
      xml(res, 200, '<InitiateMultipartUploadResult><Bucket>scripted</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>');
    const GiB = 1024 * MiB;
    const cases: Array<[number, number, number]> = [
      [0, 8 * MiB, 1],
      [1, 8 * MiB, 1],
      [8 * MiB, 8 * MiB, 1],
      [8 * MiB + 1, 8 * MiB, 2],
      [17 * MiB, 8 * MiB, 3],
      [100 * GiB, 11 * MiB, Math.ceil((100 * GiB) / (11 * MiB))],
      [5 * 1024 * GiB, 525 * MiB, Math.ceil((5 * 1024 * GiB) / (525 * MiB))],
    ];
    for (const [size, partSize, partCount] of cases) {
      const upload = await driver.createMultipartUpload(newKey(), size);
      expect({ size, partSize: upload.partSize, partCount: upload.partCount }).toEqual({ size, partSize, partCount });
      expect(upload.partCount).toBeLessThanOrEqual(10_000);
    }
    await expect(driver.createMultipartUpload(newKey(), 5 * 1024 * GiB + 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(seen[0]!.url.pathname).toMatch(/^\/scripted\/p\/artifacts\//);
  });

  it('aborts an upload, and treats NoSuchUpload as already done', async () => {
    respond = (req, res) => {
      if (req.url.searchParams.get('uploadId') === 'gone') return s3Error(res, 404, 'NoSuchUpload');
      res.writeHead(204).end();
    };
    const key = newKey();
    await driver.abortMultipartUpload(key, 'live');
    await driver.abortMultipartUpload(key, 'gone');
    expect(seen.map((s) => [s.method, s.url.pathname, s.url.searchParams.get('uploadId')])).toEqual([
      ['DELETE', `/scripted/p/${key}`, 'live'],
      ['DELETE', `/scripted/p/${key}`, 'gone'],
    ]);
  });

  it('propagates other abort failures', async () => {
    respond = (_req, res) => s3Error(res, 403, 'AccessDenied');
    await expect(driver.abortMultipartUpload(newKey(), 'u')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('lists abandoned uploads across pages, by initiation date, without the prefix', async () => {
    const upload = (key: string, id: string, initiated: string) =>
      `<Upload><Key>${key}</Key><UploadId>${id}</UploadId><Initiated>${initiated}</Initiated></Upload>`;
    respond = (req, res) => {
      const first = !req.url.searchParams.get('key-marker');
      const page = first
        ? '<IsTruncated>true</IsTruncated><NextKeyMarker>p/b</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>' +
          upload('p/a', 'u1', '2020-01-01T00:00:00.000Z') +
          upload('p/b', 'u2', '2030-01-01T00:00:00.000Z')
        : '<IsTruncated>false</IsTruncated>' + upload('p/c/d', 'u3', '2021-06-01T00:00:00.000Z');
      xml(res, 200, `<ListMultipartUploadsResult><Bucket>scripted</Bucket><Prefix>p/</Prefix>${page}</ListMultipartUploadsResult>`);
    };

    const abandoned = await driver.listAbandonedUploads(new Date('2025-01-01T00:00:00Z'));

    expect(abandoned).toEqual([
      { key: 'a', uploadId: 'u1' },
      { key: 'c/d', uploadId: 'u3' },
    ]);
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.method === 'GET' && s.url.searchParams.has('uploads'))).toBe(true);
    expect(seen.map((s) => s.url.searchParams.get('prefix'))).toEqual(['p/', 'p/']);
    expect(seen[1]!.url.searchParams.get('key-marker')).toBe('p/b');
    expect(seen[1]!.url.searchParams.get('upload-id-marker')).toBe('u2');
  });

  it('deletes in batches of at most 1000 keys', async () => {
    respond = (_req, res) => xml(res, 200, '<DeleteResult></DeleteResult>');
    const keys = Array.from({ length: 2500 }, () => newKey());
    await driver.deleteMany(keys);

    expect(seen.every((s) => s.method === 'POST' && s.url.searchParams.has('delete'))).toBe(true);
    const batches = seen.map((s) => [...s.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]));
    expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batches.flat()).toEqual(keys.map((k) => `p/${k}`));
    expect(seen[0]!.body).toContain('<Quiet>true</Quiet>');
  });

  it('fails when DeleteObjects reports per-key errors', async () => {
    respond = (_req, res) =>
      xml(res, 200, '<DeleteResult><Error><Key>p/x</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
    await expect(driver.deleteMany([newKey()])).rejects.toMatchObject({ code: 'DELETE_FAILED', message: expect.stringContaining('p/x: AccessDenied') });
  });

  it('completes with the parts sorted, and refuses an incomplete set', async () => {
    respond = (_req, res) =>
      xml(res, 200, '<CompleteMultipartUploadResult><Bucket>scripted</Bucket><Key>k</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>');
    const key = newKey();
    const upload = { uploadId: 'u', size: 17 * MiB, partSize: 8 * MiB, partCount: 3 };
    await driver.completeMultipartUpload(key, upload, [
      { partNumber: 3, etag: '"c"' },
      { partNumber: 1, etag: '"a"' },
      { partNumber: 2, etag: '"b"' },
    ]);
    expect([...seen[0]!.body.matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
    await expect(
      driver.completeMultipartUpload(key, upload, [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 3, etag: '"c"' },
      ]),
    ).rejects.toMatchObject({ code: 'PART_MISMATCH' });
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['InvalidPart', 400, 'PART_MISMATCH'],
    ['InvalidPartOrder', 400, 'PART_MISMATCH'],
    ['EntityTooSmall', 400, 'PART_MISMATCH'],
    ['NoSuchUpload', 404, 'UNKNOWN_UPLOAD'],
  ])('reports the store\'s %s at completion as the port\'s %s', async (code, status, storageCode) => {
    respond = (_req, res) => s3Error(res, status as number, code as string);
    const upload = { uploadId: 'u', size: 10, partSize: 8 * MiB, partCount: 1 };
    await expect(driver.completeMultipartUpload(newKey(), upload, [{ partNumber: 1, etag: '"a"' }])).rejects.toMatchObject({
      name: 'StorageError',
      code: storageCode,
    });
  });

  it('leaves other completion failures as the store reported them', async () => {
    respond = (_req, res) => s3Error(res, 403, 'AccessDenied');
    const upload = { uploadId: 'u', size: 10, partSize: 8 * MiB, partCount: 1 };
    await expect(driver.completeMultipartUpload(newKey(), upload, [{ partNumber: 1, etag: '"a"' }])).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('reports an unreachable or missing bucket in checkHealth', async () => {
    respond = (_req, res) => {
      res.writeHead(404).end();
    };
    await expect(driver.checkHealth()).rejects.toThrow();
  });
});

/** Recomputes a SigV4 query-string signature (AWS "Authenticating Requests: Using Query Parameters"). */
function sigV4QuerySignature(url: URL, method: string, headers: Record<string, string>, secret: string): string {
  const encode = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const signedHeaders = url.searchParams.get('X-Amz-SignedHeaders')!.split(';');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${h === 'host' ? url.host : headers[h]}\n`).join('');
  const canonicalRequest = [
    method,
    url.pathname,
    query,
    canonicalHeaders,
    signedHeaders.join(';'),
    url.searchParams.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, date, region, service] = url.searchParams.get('X-Amz-Credential')!.split('/') as [string, string, string, string];
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    url.searchParams.get('X-Amz-Date')!,
    `${date}/${region}/${service}/aws4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return hmac(signingKey, stringToSign).toString('hex');
}
