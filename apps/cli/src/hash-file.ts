import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { displayArtifactPath } from '@stowage/domain';

/** What the file looked like when it was hashed: the upload must send exactly these bytes. */
export interface FileSnapshot {
  size: number;
  /** Nanosecond precision where the filesystem has it, so two writes in one millisecond still differ. */
  mtimeNs: bigint;
}

export interface HashedFile extends FileSnapshot {
  sha256: string;
}

/**
 * The file is not what was hashed any more (a job still writing its log, a test rewriting a
 * report). The server would refuse the bytes (size or sha256 mismatch) after they were sent;
 * saying so before sending them is cheaper and names the real cause.
 */
export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
  constructor(
    readonly absolutePath: string,
    detail: string,
  ) {
    super(`${displayArtifactPath(absolutePath)} changed while it was being uploaded (${detail}); store it once it is no longer written to`);
  }
}

function describeChange(before: FileSnapshot, after: FileSnapshot): string | undefined {
  if (after.size !== before.size) return `its size went from ${before.size} to ${after.size} bytes`;
  if (after.mtimeNs !== before.mtimeNs) return 'it was modified';
  return undefined;
}

/**
 * SHA-256 (lowercase hex, as the API wants it) of a file, streamed: memory stays flat for a 3 GB
 * file. The file is stat'ed through the same descriptor before and after reading, so a write
 * during hashing is caught here rather than after the upload.
 */
export async function hashFile(absolutePath: string, signal?: AbortSignal): Promise<HashedFile> {
  const handle = await open(absolutePath, 'r');
  try {
    const before = snapshotOf(await handle.stat({ bigint: true }));
    const hash = createHash('sha256');
    let bytes = 0;
    // autoClose off: the handle is closed below, after the second stat. `end` (inclusive) one byte
    // past the size: a file that grew is caught by the count, and a small file's reads are sized to
    // it rather than to the 1 MiB highWaterMark (10,000 small files would allocate 10 GiB).
    await pipeline(
      handle.createReadStream({ autoClose: false, start: 0, end: before.size, highWaterMark: 1 << 20 }),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          hash.update(chunk);
          done();
        },
      }),
      { signal },
    );
    const after = snapshotOf(await handle.stat({ bigint: true }));
    const change = describeChange(before, after) ?? (bytes !== before.size ? `read ${bytes} bytes of ${before.size}` : undefined);
    if (change) throw new FileChangedError(absolutePath, change);
    return { ...before, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/** Size and modification time of the file now, which the bytes sent and hashed must still match. */
export async function snapshotFile(absolutePath: string): Promise<FileSnapshot> {
  return snapshotOf(await stat(absolutePath, { bigint: true }));
}

/** Throws `FileChangedError` unless `hashed` was taken from the file as `snapshot` saw it. */
export function assertHashedAsSnapshot(absolutePath: string, snapshot: FileSnapshot, hashed: FileSnapshot): void {
  const change = describeChange(snapshot, hashed);
  if (change) throw new FileChangedError(absolutePath, change);
}

/** Throws `FileChangedError` if the file at `absolutePath` no longer matches `snapshot`. */
export async function assertUnchanged(absolutePath: string, snapshot: FileSnapshot): Promise<void> {
  let current: FileSnapshot;
  try {
    current = snapshotOf(await stat(absolutePath, { bigint: true }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileChangedError(absolutePath, 'it was deleted');
    throw error;
  }
  const change = describeChange(snapshot, current);
  if (change) throw new FileChangedError(absolutePath, change);
}

function snapshotOf(stats: { size: bigint; mtimeNs: bigint }): FileSnapshot {
  return { size: Number(stats.size), mtimeNs: stats.mtimeNs };
}

export interface ReadFile extends HashedFile {
  bytes: Buffer;
}

/**
 * A small file (one sent in a batch) read whole, hashed, and stat'ed through the same descriptor
 * before and after, like hashFile: the bytes answered are the ones hashed, so what is declared and
 * what is sent cannot differ even if the file is rewritten afterwards. Synchronous: for files of at
 * most --batch-threshold bytes the five system calls cost less on the main thread than five trips
 * through libuv's thread pool (the CLI spent 3 s of CPU on 10,000 files of 4 KiB with fs/promises),
 * and nothing else waits on the CLI's event loop for longer than one small read.
 */
export async function readSmallFile(absolutePath: string, maxBytes: number): Promise<ReadFile> {
  const fd = openSync(absolutePath, 'r');
  try {
    const before = snapshotOf(fstatSync(fd, { bigint: true }));
    // Listed as small, but it grew since: not read into memory whole.
    if (before.size > maxBytes) throw new FileChangedError(absolutePath, `it grew to ${before.size} bytes since it was listed`);
    // One byte more than the size: a file that grew meanwhile is caught by the count.
    const buffer = Buffer.allocUnsafe(before.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, length);
    const after = snapshotOf(fstatSync(fd, { bigint: true }));
    const change = describeChange(before, after) ?? (length !== before.size ? `read ${length} bytes of ${before.size}` : undefined);
    if (change) throw new FileChangedError(absolutePath, change);
    const bytes = buffer.subarray(0, length);
    return { ...before, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}
