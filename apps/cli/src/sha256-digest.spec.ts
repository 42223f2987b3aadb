import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileDigestFor, inlineFileDigest, workerFileDigest, WORKER_HASH_MIN_BYTES, type FileDigest } from './sha256-digest';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('SHA-256 digests of files being downloaded', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stowage-digest-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(64 * 1024 + i));
  const whole = Buffer.concat(chunks);

  /** Writes the chunks after the file's first `kept` bytes, telling the digest as a download does. */
  async function download(path: string, digest: FileDigest, kept: number) {
    writeFileSync(path, whole.subarray(0, kept));
    await digest.existing(kept);
    let bytes = kept;
    let offset = 0;
    for (const chunk of chunks) {
      offset += chunk.length;
      if (offset <= kept) continue;
      const tail = chunk.subarray(Math.max(0, chunk.length - (offset - kept)));
      appendFileSync(path, tail);
      digest.written(tail, (bytes += tail.length));
    }
    return digest.digest();
  }

  test.each([
    ['on a worker thread, reading the file back', workerFileDigest],
    ['inline, from the chunks', inlineFileDigest],
  ])('%s: the digest of the whole file, whether written from nothing or after kept bytes', async (_, make) => {
    const path = join(dir, 'file');
    expect(await download(path, make(path), 0)).toBe(sha256(whole));
    expect(await download(path, make(path), 1_500_000)).toBe(sha256(whole));
  });

  test('the worker hashes what is in the file, not what it was told: bytes changed on disk change the digest', async () => {
    const path = join(dir, 'file');
    const digest = workerFileDigest(path);
    writeFileSync(path, Buffer.alloc(3 * 1024 * 1024, 1));
    digest.written(Buffer.alloc(3 * 1024 * 1024, 2), 3 * 1024 * 1024);
    expect(await digest.digest()).toBe(sha256(Buffer.alloc(3 * 1024 * 1024, 1)));
  });

  test('a file already present is hashed whole; no bytes at all is the empty digest', async () => {
    const path = join(dir, 'present');
    writeFileSync(path, whole);
    for (const digest of [fileDigestFor(path, WORKER_HASH_MIN_BYTES), fileDigestFor(path, 1)]) {
      await digest.existing(whole.length);
      expect(await digest.digest()).toBe(sha256(whole));
    }
    for (const digest of [workerFileDigest(join(dir, 'none')), inlineFileDigest(join(dir, 'none'))]) {
      expect(await digest.digest()).toBe(sha256(Buffer.alloc(0)));
    }
  });
});
