import { createHash, randomBytes } from 'node:crypto';
import { inlineSha256, sha256DigestFor, workerSha256, WORKER_HASH_MIN_BYTES } from './sha256-digest';

describe('SHA-256 digests of downloads', () => {
  const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(64 * 1024 + i));
  const expected = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');

  test('the worker thread hashes the chunks in order, as the inline hash does', async () => {
    for (const digest of [workerSha256(), inlineSha256()]) {
      for (const chunk of chunks) digest.update(chunk);
      expect(await digest.digest()).toBe(expected);
    }
  });

  test('the caller may reuse a chunk once it is handed over: the worker hashes a copy', async () => {
    const digest = workerSha256();
    const reused = Buffer.alloc(3 * 1024 * 1024);
    const fed: Buffer[] = [];
    for (let i = 0; i < 3; i++) {
      reused.fill(i + 1);
      fed.push(Buffer.from(reused));
      digest.update(reused);
    }
    expect(await digest.digest()).toBe(createHash('sha256').update(Buffer.concat(fed)).digest('hex'));
  });

  test('a digest of no bytes is the empty digest, on the worker and inline', async () => {
    const small = sha256DigestFor(WORKER_HASH_MIN_BYTES - 1);
    const large = sha256DigestFor(WORKER_HASH_MIN_BYTES);
    expect(await small.digest()).toBe(createHash('sha256').digest('hex'));
    expect(await large.digest()).toBe(createHash('sha256').digest('hex'));
  });
});
