import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

import { Writable } from 'node:stream';
import type { CompletedPart, MultipartUpload, PartReceiver, PartTarget, StorageDriver } from '@stowage/domain';

/**
 * Behaviours every StorageDriver must share, run against each driver by the integration spec.
 * Not a spec file itself: it only declares tests when a spec calls it.
 */
export interface StorageDriverContractOptions {
  /** Calls the backing service does not implement (s3rver has no AbortMultipartUpload nor ListMultipartUploads). */
  unsupported?: Array<'abortMultipartUpload' | 'listAbandonedUploads'>;
  /** Size of the large multipart upload; 17 MiB makes three 8 MiB-max parts on S3. */
  largeUploadSize?: number;
}

const MiB = 1024 * 1024;
const SLOW = 120_000;

/** Sends one part's bytes to its target the way a client would, answering the part's ETag. */
export type PartDelivery = (target: PartTarget, body: Buffer, upload: { key: string; upload: MultipartUpload }) => Promise<string>;

/** A driver under test and how its part targets are reached. */
export interface ContractSubject {
  driver: StorageDriver;
  deliver: PartDelivery;
  /** Whether parts go to the store itself (S3) rather than through the API's receiver. */
  direct: boolean;
}

export function describeStorageDriverContract(
  name: string,
  makeSubject: () => ContractSubject | Promise<ContractSubject>,
  options: StorageDriverContractOptions = {},
): void {
  const supports = (call: 'abortMultipartUpload' | 'listAbandonedUploads') => !options.unsupported?.includes(call);
  // A server that lacks a call (s3rver: abort and list of multipart uploads) does not run its cases
  // here; the S3 driver's use of those calls is proven against a scripted endpoint instead.
  const itIfSupports = (call: 'abortMultipartUpload' | 'listAbandonedUploads'): jest.It | ((...args: Parameters<jest.It>) => void) =>
    supports(call) ? it : () => undefined;

  describe(`${name} (StorageDriver contract)`, () => {
    let driver: StorageDriver;
    let subject: ContractSubject;

    beforeAll(async () => {
      subject = await makeSubject();
      driver = subject.driver;
    });

    describe('whole objects', () => {
      it('puts, stats, reads and deletes an object', async () => {
        const key = newKey();
        const data = randomBytes(100_000);
        const before = Date.now();
        await driver.put(key, Readable.from([data]));

        const info = await driver.stat(key);
        expect(info?.size).toBe(data.length);
        // Not toBeInstanceOf: fs.Stats dates come from Node's realm, not the one Jest gives the tests.
        expect(Object.prototype.toString.call(info?.lastModified)).toBe('[object Date]');
        // Stores keep whole-second dates; allow for that and for clock rounding.
        expect(info!.lastModified.getTime()).toBeGreaterThan(before - 5_000);

        expectSameBytes(await readAll(await driver.read(key)), data);

        await driver.deleteMany([key]);
        expect(await driver.stat(key)).toBeNull();
        await expect(driver.read(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('reads byte ranges, end inclusive', async () => {
        const key = newKey();
        const data = randomBytes(10_000);
        await driver.put(key, Readable.from(chunks(data, 1000)));

        // (Not 0-0: s3rver reads an end of 0 as "to the end"; real S3 does not.)
        expectSameBytes(await readAll(await driver.read(key, { start: 0, end: 1 })), data.subarray(0, 2));
        expectSameBytes(await readAll(await driver.read(key, { start: 5, end: 5 })), data.subarray(5, 6));
        expectSameBytes(await readAll(await driver.read(key, { start: 10, end: 19 })), data.subarray(10, 20));
        expectSameBytes(await readAll(await driver.read(key, { start: 9_999, end: 9_999 })), data.subarray(9_999));
        // Like S3, an end past the object is clamped.
        expectSameBytes(await readAll(await driver.read(key, { start: 9_000, end: 20_000 })), data.subarray(9_000));
        await expect(driver.read(key, { start: 20, end: 10 })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
      });

      it('stores an empty object', async () => {
        const key = newKey();
        await driver.put(key, Readable.from([]));
        expect((await driver.stat(key))?.size).toBe(0);
        expect((await readAll(await driver.read(key))).length).toBe(0);
      });

      it('replaces an object put twice', async () => {
        const key = newKey();
        await driver.put(key, Readable.from([Buffer.from('first version')]));
        await driver.put(key, Readable.from([Buffer.from('second')]));
        expect((await readAll(await driver.read(key))).toString()).toBe('second');
      });

      it('reports a missing object as null / NOT_FOUND', async () => {
        const key = newKey();
        expect(await driver.stat(key)).toBeNull();
        await expect(driver.read(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('propagates an error from the body of put and stores nothing', async () => {
        const key = newKey();
        const failing = new Readable({
          read() {
            this.destroy(new Error('client went away'));
          },
        });
        await expect(driver.put(key, failing)).rejects.toThrow();
        expect(await driver.stat(key)).toBeNull();
      });
    });

    describe('object batches', () => {
      it('stores every object written once the batch is flushed, and not before', async () => {
        const objects = Array.from({ length: 40 }, (_, i) => ({ key: newKey(), data: randomBytes(i * 97) }));
        const batch = driver.openBatch();
        for (const { key, data } of objects) await batch.write(key, data);
        await batch.flush();
        for (const { key, data } of objects) expectSameBytes(await readAll(await driver.read(key)), data);
      });

      it('writes the same bytes over an object of another batch of the same key without ever shortening it', async () => {
        const key = newKey();
        const data = randomBytes(5000);
        const first = driver.openBatch();
        await first.write(key, data);
        await first.flush();
        const second = driver.openBatch();
        await second.write(key, data);
        expect((await driver.stat(key))?.size).toBe(data.length);
        await second.flush();
        expectSameBytes(await readAll(await driver.read(key)), data);
      });

      it('ends a discarded batch once its writes are done', async () => {
        const batch = driver.openBatch();
        await batch.write(newKey(), randomBytes(1000));
        await batch.discard();
      });

      it('refuses a key that would leave the store', async () => {
        const batch = driver.openBatch();
        await expect(batch.write('../outside', Buffer.from('x'))).rejects.toMatchObject({ code: expect.stringMatching(/INVALID/) });
        await batch.discard();
      });
    });

    describe('multipart uploads', () => {
      it('uploads, completes and reads back a small object', async () => {
        const key = newKey();
        const data = randomBytes(3_000);
        const upload = await driver.createMultipartUpload(key, data.length);
        expect(upload.partCount).toBe(1);
        expect(upload.size).toBe(data.length);
        expect(upload.partSize).toBeGreaterThanOrEqual(data.length);

        const parts = await sendParts(subject, key, upload, data);
        await driver.completeMultipartUpload(key, upload, parts);

        expect((await driver.stat(key))?.size).toBe(data.length);
        expectSameBytes(await readAll(await driver.read(key)), data);
      });

      it(
        'uploads a large object and reads back the same sha256',
        async () => {
          const key = newKey();
          const size = options.largeUploadSize ?? 17 * MiB;
          const data = randomBytes(size);
          const upload = await driver.createMultipartUpload(key, size);
          // Every part but the last is exactly partSize, and the parts cover the object.
          expect(upload.partCount).toBe(Math.max(1, Math.ceil(size / upload.partSize)));
          if (subject.direct) expect(upload.partCount).toBeGreaterThan(1);

          // Completing with the parts out of order must still assemble them in order.
          const parts = (await sendParts(subject, key, upload, data)).reverse();
          await driver.completeMultipartUpload(key, upload, parts);

          expect((await driver.stat(key))?.size).toBe(size);
          expect(await sha256Of(await driver.read(key))).toBe(sha256(data));
        },
        SLOW,
      );

      it('uploads an empty object', async () => {
        const key = newKey();
        const upload = await driver.createMultipartUpload(key, 0);
        expect(upload.partCount).toBe(1);
        const parts = await sendParts(subject, key, upload, Buffer.alloc(0));
        await driver.completeMultipartUpload(key, upload, parts);
        expect((await driver.stat(key))?.size).toBe(0);
      });

      it('keeps the object invisible until the upload completes', async () => {
        const key = newKey();
        const data = randomBytes(5_000);
        const upload = await driver.createMultipartUpload(key, data.length);
        expect(await driver.stat(key)).toBeNull();

        const parts = await sendParts(subject, key, upload, data);
        expect(await driver.stat(key)).toBeNull();
        await expect(driver.read(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });

        await driver.completeMultipartUpload(key, upload, parts);
        expectSameBytes(await readAll(await driver.read(key)), data);
      });

      it('refuses to complete without every part', async () => {
        const key = newKey();
        const upload = await driver.createMultipartUpload(key, 10);
        await expect(driver.completeMultipartUpload(key, upload, [])).rejects.toMatchObject({ code: 'PART_MISMATCH' });
        expect(await driver.stat(key)).toBeNull();
      });

      itIfSupports('abortMultipartUpload')('leaves no object after an abort, and aborting twice is fine', async () => {
        const key = newKey();
        const data = randomBytes(2_000);
        const upload = await driver.createMultipartUpload(key, data.length);
        const parts = await sendParts(subject, key, upload, data);

        await driver.abortMultipartUpload(key, upload.uploadId);
        expect(await driver.stat(key)).toBeNull();
        await expect(driver.completeMultipartUpload(key, upload, parts)).rejects.toThrow();
        expect(await driver.stat(key)).toBeNull();
        await driver.abortMultipartUpload(key, upload.uploadId);
      });

      itIfSupports('listAbandonedUploads')('lists uploads started before a date, with their keys where the store keeps them', async () => {
        const key = newKey();
        const upload = await driver.createMultipartUpload(key, 100);

        const later = await driver.listAbandonedUploads(new Date(Date.now() + 60_000));
        // S3 keeps each upload's key; the filesystem keeps no metadata (the artifact's row has the key).
        expect(later).toContainEqual({ key: subject.direct ? key : null, uploadId: upload.uploadId });
        const earlier = await driver.listAbandonedUploads(new Date(Date.now() - 3_600_000));
        expect(earlier.map((u) => u.uploadId)).not.toContain(upload.uploadId);

        if (supports('abortMultipartUpload')) {
          await driver.abortMultipartUpload(key, upload.uploadId);
          const after = await driver.listAbandonedUploads(new Date(Date.now() + 60_000));
          expect(after.map((u) => u.uploadId)).not.toContain(upload.uploadId);
        }
      });

      it('gives one target per part, with the headers its signature covers', async () => {
        const key = newKey();
        const upload = await driver.createMultipartUpload(key, 4);
        const targets = await driver.partTargets(key, upload, targetOptions());
        expect(targets.map((target) => target.partNumber)).toEqual([1]);
        expect(() => new URL(targets[0]!.url)).not.toThrow();
        if (subject.direct) expect(targets[0]!.headers).toEqual({ 'content-length': '4' });
        else expect(await driver.presignDownload(key, { expiresInSeconds: 60, filename: 'a.txt', contentType: 'text/plain' })).toBeNull();
        if (supports('abortMultipartUpload')) await driver.abortMultipartUpload(key, upload.uploadId);
      });

      it('answers completion with the SHA-256 only where it hashed the bytes on their way in', async () => {
        const key = newKey();
        const data = randomBytes(1_000);
        const upload = await driver.createMultipartUpload(key, data.length);
        const completed = await driver.completeMultipartUpload(key, upload, await sendParts(subject, key, upload, data));
        expect(completed).toEqual({ sha256: subject.direct ? null : sha256(data) });
      });
    });

    describe('sendTo', () => {
      it('writes the object, or one range of it, into a destination it leaves open', async () => {
        const key = newKey();
        const data = randomBytes(50_000);
        await driver.put(key, Readable.from([data]));
        const whole = collector();
        expect(await driver.sendTo(key, whole.destination)).toBe(data.length);
        expect(whole.destination.writableEnded).toBe(false);
        expectSameBytes(whole.bytes(), data);
        const part = collector();
        expect(await driver.sendTo(key, part.destination, { start: 100, end: 199 })).toBe(100);
        expectSameBytes(part.bytes(), data.subarray(100, 200));
      });

      it('fails before writing anything for a missing object', async () => {
        const out = collector();
        await expect(driver.sendTo(newKey(), out.destination)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(out.bytes().length).toBe(0);
      });
    });

    describe('deleteMany', () => {
      it('accepts an empty list', async () => {
        await driver.deleteMany([]);
      });

      it('deletes one object and leaves its neighbours', async () => {
        const [gone, kept] = [newKey(), newKey()];
        await driver.put(gone, Readable.from([Buffer.from('gone')]));
        await driver.put(kept, Readable.from([Buffer.from('kept')]));
        await driver.deleteMany([gone]);
        expect(await driver.stat(gone)).toBeNull();
        expect(await driver.stat(kept)).not.toBeNull();
      });

      it('ignores missing and repeated keys, so a rerun after a crash finishes the work', async () => {
        const key = newKey();
        await driver.put(key, Readable.from([Buffer.from('x')]));
        await driver.deleteMany([newKey(), key, key, newKey()]);
        expect(await driver.stat(key)).toBeNull();
        await driver.deleteMany([key]);
      });

      it(
        'deletes 1500 objects (more than one S3 batch)',
        async () => {
          const keys = Array.from({ length: 1500 }, () => newKey());
          await mapLimit(keys, 16, (key) => driver.put(key, Readable.from([Buffer.from(key)])));
          await driver.deleteMany(keys);
          const left = await mapLimit(keys, 16, (key) => driver.stat(key));
          expect(left.filter((s) => s !== null)).toHaveLength(0);
        },
        SLOW,
      );
    });

    describe('keys', () => {
      const escaping = ['../x', '/etc/passwd', 'a//b', 'a/../../b', '', 'a/./b', 'a\\..\\b', 'a/b/', 'a\0b'];

      it.each(escaping)('refuses %j in every call', async (bad) => {
        const code = { code: 'INVALID_KEY' };
        await expect(driver.put(bad, Readable.from([Buffer.from('x')]))).rejects.toMatchObject(code);
        await expect(driver.stat(bad)).rejects.toMatchObject(code);
        await expect(driver.read(bad)).rejects.toMatchObject(code);
        await expect(driver.createMultipartUpload(bad, 1)).rejects.toMatchObject(code);
        await expect(driver.deleteMany([bad])).rejects.toMatchObject(code);
        await expect(driver.sendTo(bad, collector().destination)).rejects.toMatchObject(code);
        await expect(
          driver.presignDownload(bad, { expiresInSeconds: 60, filename: 'x', contentType: 'text/plain' }),
        ).rejects.toMatchObject(code);
      });

      it('validates every key before deleting any', async () => {
        const key = newKey();
        await driver.put(key, Readable.from([Buffer.from('x')]));
        await expect(driver.deleteMany([key, '../x'])).rejects.toMatchObject({ code: 'INVALID_KEY' });
        expect(await driver.stat(key)).not.toBeNull();
      });
    });

    it('passes its health check', async () => {
      await driver.checkHealth();
    });
  });
}

/** Keys shaped like the server's: artifacts/<uuid>/<uuid>/<uuid>. */
export function newKey(): string {
  return `artifacts/${randomUUID()}/${randomUUID()}/${randomUUID()}`;
}

export function targetOptions(reference: string = randomUUID()): { reference: string; expiresAt: Date; expiresInSeconds: number } {
  return { reference, expiresAt: new Date(Date.now() + 600_000), expiresInSeconds: 600 };
}

/** Sends every part the way a client would: to the target the driver gave for it. */
export async function sendParts(subject: ContractSubject, key: string, upload: MultipartUpload, data: Buffer): Promise<CompletedPart[]> {
  const slice = (partNumber: number) =>
    data.subarray((partNumber - 1) * upload.partSize, Math.min(data.length, partNumber * upload.partSize));
  const targets = await subject.driver.partTargets(key, upload, targetOptions());
  expect(targets.map((p) => p.partNumber)).toEqual(range(1, upload.partCount));
  const parts: CompletedPart[] = [];
  for (const target of targets) {
    parts.push({ partNumber: target.partNumber, etag: await subject.deliver(target, slice(target.partNumber), { key, upload }) });
  }
  return parts;
}

/** A client's PUT to a presigned URL (S3). */
export const deliverByHttp: PartDelivery = async (target, body) => {
  if (target.headers['content-length'] !== undefined) expect(target.headers['content-length']).toBe(String(body.length));
  // A copy: DOM typings want an ArrayBuffer-backed view, and a Buffer may share a pooled one.
  const response = await fetch(target.url, { method: 'PUT', headers: target.headers, body: new Uint8Array(body) });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  const etag = response.headers.get('etag');
  expect(etag).toBeTruthy();
  return etag!;
};

/** What the API's part route does with a target it signed: check it, then stream the body to the receiver. */
export function deliverThroughReceiver(receiver: PartReceiver, options: { signed?: boolean } = {}): PartDelivery {
  return async (target, body, { key, upload }) => {
    if (options.signed ?? true) {
      const url = new URL(target.url);
      const [, reference, partNumber] = /\/uploads\/([^/]+)\/parts\/(\d+)$/.exec(url.pathname) ?? [];
      const query = Object.fromEntries(url.searchParams);
      const check = receiver.checkTarget(reference!, Number(partNumber), query, new Date());
      expect(check).toEqual({ ok: true, length: body.length });
    }
    const written = await receiver.receivePart(key, upload, target.partNumber, body.length, Readable.from(chunks(body, MiB)));
    expect(written.bytes).toBe(body.length);
    // A part that is the whole object is hashed on the way in: its hash is the object's.
    if (upload.partCount === 1) expect(written.sha256).toBe(sha256(body));
    return written.etag;
  };
}

/** A destination that keeps what it is sent. */
function collector(): { destination: Writable; bytes: () => Buffer } {
  const received: Buffer[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(Buffer.from(chunk));
      done();
    },
  });
  return { destination, bytes: () => Buffer.concat(received) };
}

/** Buffer.equals: jest's toEqual walks a Buffer byte by byte, which is very slow for large ones. */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const buffers: Buffer[] = [];
  for await (const chunk of stream) buffers.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(buffers);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function chunks(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
