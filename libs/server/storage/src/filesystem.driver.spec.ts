import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { FILESYSTEM_PART_BYTES } from './filesystem-parts';
import { FilesystemStorageDriver } from './filesystem.driver';
import { expectSameBytes, newKey, readAll } from './storage-driver.contract';

const KiB = 1024;
const MiB = 1024 * KiB;
const PART_URLS = { signingSecret: 'spec-signing-secret', publicUrl: 'https://stowage.example' };

describe('FilesystemStorageDriver', () => {
  let dataDir: string;
  let driver: FilesystemStorageDriver;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stowage-fs-spec-'));
    driver = new FilesystemStorageDriver({ dataDir, ...PART_URLS });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const uploadDir = (uploadId: string) => path.join(dataDir, 'uploads', uploadId);
  const tempFile = (uploadId: string) => path.join(uploadDir(uploadId), 'data');
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

  describe('receivePart', () => {
    it('refuses excess bytes while they stream, without buffering the body', async () => {
      const key = newKey();
      const length = 1 * MiB;
      const upload = await driver.createMultipartUpload(key, length);

      // A body that would produce 10× the declared length, counting what is pulled from it.
      let produced = 0;
      const body = new Readable({
        read() {
          if (produced >= 10 * length) {
            this.push(null);
            return;
          }
          produced += 64 * KiB;
          this.push(Buffer.alloc(64 * KiB, 7));
        },
      });

      await expect(driver.partReceiver.receivePart(key, upload, 1, length, body)).rejects.toMatchObject({ code: 'PART_TOO_LARGE' });
      // Stopped right after the limit: only stream buffers' worth of read-ahead past it.
      expect(produced).toBeGreaterThan(length);
      expect(produced).toBeLessThanOrEqual(length + 256 * KiB);
      expect(body.destroyed).toBe(true);
      // Nothing past the declared length reached the disk, and the upload cannot complete.
      expect((await stat(tempFile(upload.uploadId))).size).toBeLessThanOrEqual(length);
      await expect(
        driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: 'x' }]),
      ).rejects.toMatchObject({ code: 'PART_MISMATCH' });
    });

    it('fails a short body with PART_INCOMPLETE, and a retry of the part succeeds', async () => {
      const key = newKey();
      const data = randomBytes(1000);
      const upload = await driver.createMultipartUpload(key, data.length);

      await expect(
        driver.partReceiver.receivePart(key, upload, 1, data.length, Readable.from([data.subarray(0, 600)])),
      ).rejects.toMatchObject({ code: 'PART_INCOMPLETE' });
      await expect(
        driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: sha256(data.subarray(0, 600)) }]),
      ).rejects.toMatchObject({ code: 'PART_MISMATCH' });

      const written = await driver.partReceiver.receivePart(key, upload, 1, data.length, Readable.from([data]));
      expect(written).toEqual({ etag: sha256(data), sha256: sha256(data), bytes: data.length });
      await driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: written.etag }]);
      expect(await readFile(path.join(dataDir, 'objects', key))).toEqual(data);
    });

    it('propagates an error from the body', async () => {
      const key = newKey();
      const upload = await driver.createMultipartUpload(key, 100);
      const body = new PassThrough();
      const writing = driver.partReceiver.receivePart(key, upload, 1, 100, body);
      body.write(Buffer.alloc(10));
      body.destroy(new Error('connection reset'));
      await expect(writing).rejects.toThrow('connection reset');
    });

    it('checks the part against the upload it belongs to', async () => {
      const key = newKey();
      const upload = await driver.createMultipartUpload(key, 10);
      const body = () => Readable.from([Buffer.alloc(10)]);
      await expect(driver.partReceiver.receivePart(key, upload, 1, 11, body())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(driver.partReceiver.receivePart(key, upload, 2, 10, body())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      // The layout is the caller's (the artifact's row): one that does not add up is refused.
      await expect(driver.partReceiver.receivePart(key, { ...upload, partCount: 2 }, 1, 10, body())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(
        driver.partReceiver.receivePart(key, { ...upload, uploadId: '../../objects/x' }, 1, 10, body()),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(driver.partReceiver.receivePart(key, { ...upload, uploadId: randomUUID() }, 1, 10, body())).rejects.toMatchObject({
        code: 'UNKNOWN_UPLOAD',
      });
    });
  });

  describe('uploads', () => {
    it('uses one part for a file up to the part size, and handles an empty one', async () => {
      expect(await driver.createMultipartUpload(newKey(), 5 * MiB)).toMatchObject({ partSize: 5 * MiB, partCount: 1 });
      expect(await driver.createMultipartUpload(newKey(), FILESYSTEM_PART_BYTES)).toMatchObject({ partSize: FILESYSTEM_PART_BYTES, partCount: 1 });

      const key = newKey();
      const upload = await driver.createMultipartUpload(key, 0);
      expect(upload).toMatchObject({ partSize: 1, partCount: 1 });
      const written = await driver.partReceiver.receivePart(key, upload, 1, 0, Readable.from([]));
      expect(written).toEqual({ etag: sha256(Buffer.alloc(0)), sha256: sha256(Buffer.alloc(0)), bytes: 0 });
      await driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: written.etag }]);
      expect(await driver.stat(key)).toMatchObject({ size: 0 });
    });

    it('sends a larger file in parts of bounded size, each durable and recorded with an etag of its own, and leaves its hash to a read-back', async () => {
      const key = newKey();
      const size = 2 * FILESYSTEM_PART_BYTES + 3;
      const upload = await driver.createMultipartUpload(key, size);
      expect(upload).toMatchObject({ size, partSize: FILESYSTEM_PART_BYTES, partCount: 3 });
      const data = randomBytes(size);
      const parts = [];
      for (const partNumber of [3, 1, 2]) {
        const slice = data.subarray((partNumber - 1) * FILESYSTEM_PART_BYTES, Math.min(size, partNumber * FILESYSTEM_PART_BYTES));
        const written = await driver.partReceiver.receivePart(key, upload, partNumber, slice.length, Readable.from([slice]));
        expect(written).toMatchObject({ sha256: null, bytes: slice.length });
        parts.push({ partNumber, etag: written.etag });
      }
      // A part sent again gets a new etag: completing with the earlier one is refused.
      const again = await driver.partReceiver.receivePart(key, upload, 3, 3, Readable.from([data.subarray(2 * FILESYSTEM_PART_BYTES)]));
      expect(again.etag).not.toBe(parts[0]!.etag);
      await expect(driver.completeMultipartUpload(key, upload, parts)).rejects.toMatchObject({ code: 'PART_MISMATCH' });
      parts[0] = { partNumber: 3, etag: again.etag };
      expect(await driver.completeMultipartUpload(key, upload, parts)).toEqual({ sha256: null });
      expect(await driver.stat(key)).toMatchObject({ size });
    });

    it('never lets a reader see a partial object, before or while it replaces an older one', async () => {
      const key = newKey();
      const old = Buffer.alloc(512 * KiB, 'o');
      await driver.put(key, Readable.from([old]));

      const data = randomBytes(4 * MiB);
      const upload = await driver.createMultipartUpload(key, data.length);
      const body = new PassThrough();
      const writing = driver.partReceiver.receivePart(key, upload, 1, data.length, body);

      for (let offset = 0; offset < data.length; offset += 256 * KiB) {
        body.write(data.subarray(offset, offset + 256 * KiB));
        await nextTurn();
        expect(await driver.stat(key)).toMatchObject({ size: old.length });
        expectSameBytes(await readAll(await driver.read(key)), old);
      }
      body.end();
      const written = await writing;
      expectSameBytes(await readAll(await driver.read(key)), old);

      // Readers racing the completion get the old bytes or the new ones, whole.
      let completed = false;
      const reads: Buffer[] = [];
      const reader = (async () => {
        while (!completed) reads.push(await readAll(await driver.read(key)));
      })();
      await nextTurn();
      await driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: written.etag }]);
      completed = true;
      await reader;
      for (const seen of reads) expect(seen.equals(old) || seen.equals(data)).toBe(true);
      expectSameBytes(await readAll(await driver.read(key)), data);
    });

    it('keeps a new object out of objects/ until it completes', async () => {
      const key = newKey();
      const data = randomBytes(64 * KiB);
      const upload = await driver.createMultipartUpload(key, data.length);
      const written = await driver.partReceiver.receivePart(key, upload, 1, data.length, Readable.from([data]));
      expect(await listFiles(path.join(dataDir, 'objects'))).toEqual([]);

      await driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: written.etag }]);
      expect(await listFiles(path.join(dataDir, 'objects'))).toEqual([key]);
      // The upload's directory (data file and part records) is gone.
      expect(await readdir(path.join(dataDir, 'uploads'))).toEqual([]);
    });

    it('refuses a wrong etag, or an upload no longer in progress', async () => {
      const key = newKey();
      const data = Buffer.from('payload');
      const upload = await driver.createMultipartUpload(key, data.length);
      const written = await driver.partReceiver.receivePart(key, upload, 1, data.length, Readable.from([data]));
      await expect(
        driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: sha256(Buffer.from('other')) }]),
      ).rejects.toMatchObject({ code: 'PART_MISMATCH' });
      // Quoted etags (as HTTP clients echo them) are accepted.
      await driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: `"${written.etag}"` }]);
      expect(await driver.stat(key)).toMatchObject({ size: data.length });
      await expect(
        driver.completeMultipartUpload(key, upload, [{ partNumber: 1, etag: written.etag }]),
      ).rejects.toMatchObject({ code: 'UNKNOWN_UPLOAD' });
    });

    it('aborts by removing every temp file, idempotently, and refuses an id that is not a UUID', async () => {
      const key = newKey();
      const upload = await driver.createMultipartUpload(key, 3);
      await driver.partReceiver.receivePart(key, upload, 1, 3, Readable.from([Buffer.from('abc')]));
      expect((await readdir(uploadDir(upload.uploadId))).sort()).toEqual(['data', 'part-1.json']);

      await driver.abortMultipartUpload(key, upload.uploadId);
      expect(await readdir(path.join(dataDir, 'uploads'))).toEqual([]);
      await driver.abortMultipartUpload(key, upload.uploadId);
      await driver.abortMultipartUpload('', randomUUID());
      await expect(driver.abortMultipartUpload(key, '../objects')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('finds abandoned uploads (and leftovers of an interrupted put) by their directory age, without a key', async () => {
      const key = newKey();
      const upload = await driver.createMultipartUpload(key, 10);
      const leftover = randomUUID();
      await mkdir(uploadDir(leftover), { recursive: true });
      await writeFile(tempFile(leftover), 'half a put');
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const id of [leftover, upload.uploadId]) {
        await utimes(tempFile(id), hourAgo, hourAgo);
        await utimes(uploadDir(id), hourAgo, hourAgo);
      }

      const abandoned = await driver.listAbandonedUploads(new Date(Date.now() - 60_000));
      expect(abandoned).toHaveLength(2);
      expect(abandoned).toEqual(
        expect.arrayContaining([
          { key: null, uploadId: upload.uploadId },
          { key: null, uploadId: leftover },
        ]),
      );
      expect(await driver.listAbandonedUploads(new Date(Date.now() - 2 * 3_600_000))).toEqual([]);

      // A part arriving makes the upload current again: the data file's mtime counts too.
      await driver.partReceiver.receivePart(key, upload, 1, 10, Readable.from([Buffer.alloc(10)]));
      await driver.abortMultipartUpload(null, leftover);
      expect(await driver.listAbandonedUploads(new Date(Date.now() - 60_000))).toEqual([]);
    });

    it('lists nothing before anything was uploaded', async () => {
      expect(await driver.listAbandonedUploads(new Date())).toEqual([]);
    });
  });

  describe('objects', () => {
    it('stores objects as files under objects/<key>', async () => {
      const key = newKey();
      await driver.put(key, Readable.from([Buffer.from('on disk')]));
      expect(await readFile(path.join(dataDir, 'objects', ...key.split('/')), 'utf8')).toBe('on disk');
    });

    it('prunes the directories a delete empties, and only those', async () => {
      const [a, b] = ['artifacts/x/y/one', 'artifacts/x/z/two'];
      await driver.put(a, Readable.from([Buffer.from('1')]));
      await driver.put(b, Readable.from([Buffer.from('2')]));

      await driver.deleteMany([a]);
      expect(await listFiles(path.join(dataDir, 'objects'))).toEqual([b]);
      expect(await readdir(path.join(dataDir, 'objects', 'artifacts', 'x'))).toEqual(['z']);

      await driver.deleteMany([b]);
      expect(await readdir(path.join(dataDir, 'objects'))).toEqual([]);
      // The directory is recreated when needed.
      await driver.put(a, Readable.from([Buffer.from('again')]));
      expect((await driver.stat(a))?.size).toBe(5);
    });

    it('treats a directory as no object', async () => {
      await driver.put('artifacts/d/file', Readable.from([Buffer.from('x')]));
      expect(await driver.stat('artifacts/d')).toBeNull();
      await expect(driver.read('artifacts/d')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a range that starts past the end', async () => {
      const key = newKey();
      await driver.put(key, Readable.from([Buffer.from('12345')]));
      await expect(driver.read(key, { start: 5, end: 9 })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    });

    it('fails the health check when the data directory cannot be used', async () => {
      await driver.checkHealth();
      const file = path.join(dataDir, 'not-a-directory');
      await writeFile(file, '');
      await expect(new FilesystemStorageDriver({ dataDir: file, ...PART_URLS }).checkHealth()).rejects.toThrow();
    });
  });
});

/** Every file under `root`, as slash-separated relative paths. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
