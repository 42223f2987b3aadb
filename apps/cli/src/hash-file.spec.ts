import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChangedError, assertUnchanged, hashFile, readSmallFile } from './hash-file';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hash-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFile', () => {
  it('returns the lowercase hex SHA-256 and size of a multi-chunk file', async () => {
    const content = randomBytes(3 * 64 * 1024 + 5);
    writeFileSync(join(dir, 'f'), content);
    await expect(hashFile(join(dir, 'f'))).resolves.toMatchObject({
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
    });
  });

  it('stops with the abort reason when its signal is aborted', async () => {
    writeFileSync(join(dir, 'f'), randomBytes(4 * 1024 * 1024));
    const reason = new Error('a part failed for good');
    await expect(hashFile(join(dir, 'f'), AbortSignal.abort(reason))).rejects.toMatchObject({ name: 'AbortError', cause: reason });
  });

  it('hashes an empty file', async () => {
    writeFileSync(join(dir, 'empty'), '');
    await expect(hashFile(join(dir, 'empty'))).resolves.toMatchObject({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      size: 0,
    });
  });
});

describe('assertUnchanged', () => {
  it('passes for an untouched file and fails once it grew or was deleted', async () => {
    const file = join(dir, 'log');
    writeFileSync(file, 'first line\n');
    const snapshot = await hashFile(file);
    await expect(assertUnchanged(file, snapshot)).resolves.toBeUndefined();

    appendFileSync(file, 'second line\n');
    await expect(assertUnchanged(file, snapshot)).rejects.toThrow(new FileChangedError(file, 'its size went from 11 to 23 bytes'));
    rmSync(file);
    await expect(assertUnchanged(file, snapshot)).rejects.toThrow('it was deleted');
  });

  it('catches a rewrite that keeps the size', async () => {
    const file = join(dir, 'report');
    writeFileSync(file, 'aaaa');
    const snapshot = await hashFile(file);
    // Set the time explicitly: two writes within one clock tick of a coarse filesystem share an mtime.
    writeFileSync(file, 'bbbb');
    utimesSync(file, new Date(0), new Date(0));
    await expect(assertUnchanged(file, snapshot)).rejects.toThrow('it was modified');
  });
});

describe('readSmallFile', () => {
  it('answers the bytes with their SHA-256 and size, empty files included', async () => {
    const content = randomBytes(4096);
    writeFileSync(join(dir, 'f'), content);
    const read = await readSmallFile(join(dir, 'f'), 1 << 20);
    expect(read.bytes).toEqual(content);
    expect(read).toMatchObject({ size: 4096, sha256: createHash('sha256').update(content).digest('hex') });
    writeFileSync(join(dir, 'empty'), '');
    expect((await readSmallFile(join(dir, 'empty'), 1 << 20)).bytes.length).toBe(0);
  });

  it('refuses, without reading it, a file that grew past the batch threshold since it was listed', async () => {
    writeFileSync(join(dir, 'f'), randomBytes(2048));
    await expect(readSmallFile(join(dir, 'f'), 1024)).rejects.toThrow(FileChangedError);
    await expect(readSmallFile(join(dir, 'f'), 1024)).rejects.toThrow('it grew to 2048 bytes since it was listed');
  });
});
