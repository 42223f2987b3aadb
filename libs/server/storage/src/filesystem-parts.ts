import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
  partCountOf,
  partLengthOf,
  StorageError,
  type AbandonedUpload,
  type CompletedPart,
  type CompletedUpload,
  type MultipartUpload,
  type PartReceiver,
  type PartTargetCheck,
  type SignedPartQuery,
  type WrittenPart,
} from '@stowage/domain';

import { guardBodyErrors, type BodyErrorGuard } from './body-error-guard';
import type { PartUrlSigner } from './filesystem-part-signer';
import { type FilesystemPaths, isMissing, removeFile } from './filesystem-paths';
import { assertAllParts, assertByteCount, assertStorageKey } from './storage-arguments';

/** Bytes buffered between the request and the file while a part streams in. */
const WRITE_BUFFER_BYTES = 1 << 20;
/**
 * Bytes a part's meter accepts before checking them. Kept small: what waits there has not been
 * checked against the declared length yet, so a large intake would let an oversized body in first.
 */
const METER_INTAKE_BYTES = 64 << 10;
/**
 * The filesystem driver's part size. An upload cut off loses the parts in flight, and the CLI sends
 * `--concurrency` (4 by default) parts at once, so a cut-off loses up to 4 × 16 MiB = 64 MiB: 6 % of
 * a 1 GiB file (64 MiB parts would lose up to 256 MiB, a quarter of it, and a 1 GiB upload cut at
 * half-way would have to send 75 % again). Each part costs one request and one fsync: 64 per GiB,
 * milliseconds each against the seconds a GiB takes to arrive.
 */
export const FILESYSTEM_PART_BYTES = 16 << 20;

/**
 * Uploads on the filesystem: each in its own directory under uploads/, its bytes written in place
 * into `data` and renamed into objects/ when complete, so a reader sees nothing or the whole
 * object. The layout (size, part size, part count) is the caller's: the driver keeps no copy.
 */
export class FilesystemParts {
  constructor(private readonly paths: FilesystemPaths) {}

  async create(key: string, size: number): Promise<MultipartUpload> {
    assertStorageKey(key);
    assertByteCount(size, 'size');
    const uploadId = randomUUID();
    const dir = this.paths.upload(uploadId);
    await mkdir(dir).catch(async (error: unknown) => {
      if (!isMissing(error)) throw error;
      await mkdir(this.paths.uploadsDir, { recursive: true });
      await mkdir(dir);
    });
    await (await open(this.paths.uploadData(uploadId), 'wx')).close();
    // A file of one part is hashed as it arrives (complete() answers that hash); a larger one is
    // sent in parts that can be resumed, and read back once to be verified, as on S3.
    const partSize = size <= FILESYSTEM_PART_BYTES ? Math.max(size, 1) : FILESYSTEM_PART_BYTES;
    return { uploadId, size, partSize, partCount: partCountOf(size, partSize) };
  }

  async receive(key: string, upload: MultipartUpload, partNumber: number, length: number, body: Readable): Promise<WrittenPart> {
    const early = guardBodyErrors(body);
    try {
      return await this.streamPart(key, upload, partNumber, length, early);
    } finally {
      early.release();
    }
  }

  private async streamPart(key: string, upload: MultipartUpload, partNumber: number, length: number, early: BodyErrorGuard): Promise<WrittenPart> {
    assertStorageKey(key);
    assertLayout(upload);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > upload.partCount) {
      throw new StorageError('INVALID_ARGUMENT', `Part ${partNumber} is not in 1..${upload.partCount}`);
    }
    const expected = partLengthOf(upload.size, upload.partSize, partNumber);
    if (length !== expected) {
      throw new StorageError('INVALID_ARGUMENT', `Part ${partNumber} is ${expected} bytes long, not ${length}`);
    }

    // A retried part must not complete on the previous attempt's record if this attempt fails.
    const recordPath = this.paths.partRecord(upload.uploadId, partNumber);
    await removeFile(recordPath);

    // Only a part that is the whole object is hashed: its hash is the object's. The parts of a larger
    // object are hashed when it is read back (finalization), so hashing them here would be spent
    // twice; each write gets an etag of its own instead, so a retried part cannot complete on an
    // earlier attempt's record.
    const meter = new PartMeter(length, upload.partCount === 1);
    // flags r+ writes in place (and fails if the upload is gone); flush fsyncs before the stream
    // closes, and pipeline resolves only after close, so the part is on disk when we acknowledge it.
    // A 1 MiB buffer keeps the socket read while a write is in flight and lets writes go out as
    // writev batches (a bare server took ~4.3 s for 1 GiB with the 16 KiB default, ~3.4 s with this;
    // in the API the difference was within the upload benchmark's noise).
    const out = createWriteStream(this.paths.uploadData(upload.uploadId), {
      flags: 'r+',
      start: (partNumber - 1) * upload.partSize,
      flush: true,
      highWaterMark: WRITE_BUFFER_BYTES,
    });
    try {
      await pipeline(early.handOver(), meter, out);
    } catch (error) {
      throw unknownUploadOr(error, upload.uploadId);
    }

    const sha256 = meter.digest();
    const record: WrittenPart = { etag: sha256 ?? randomUUID().replaceAll('-', ''), sha256, bytes: meter.bytes };
    // A part of several is durable, record included, before it is acknowledged: the server's ledger
    // then says the store holds it, and a re-run will not send it again. (A one-part upload is not
    // resumed, so its record needs no fsync of its own: completion syncs the data.)
    if (upload.partCount > 1) await writeDurably(recordPath, JSON.stringify(record));
    else await writeFile(recordPath, JSON.stringify(record));
    return record;
  }

  async complete(target: string, upload: MultipartUpload, parts: CompletedPart[]): Promise<CompletedUpload> {
    assertLayout(upload);
    assertAllParts(parts, upload.partCount);
    const data = this.paths.uploadData(upload.uploadId);
    const handle = await open(data, 'r+').catch((error: unknown) => {
      throw unknownUploadOr(error, upload.uploadId);
    });
    const records: WrittenPart[] = [];
    try {
      for (const part of parts) {
        const record = await readJson<WrittenPart>(this.paths.partRecord(upload.uploadId, part.partNumber));
        if (!record || record.etag !== stripQuotes(part.etag)) {
          throw new StorageError('PART_MISMATCH', `Part ${part.partNumber} of upload ${upload.uploadId} was not written with that etag`);
        }
        records[part.partNumber - 1] = record;
      }
      const { size } = await handle.stat();
      if (size !== upload.size) {
        throw new StorageError('PART_MISMATCH', `Upload ${upload.uploadId} holds ${size} bytes, expected ${upload.size}`);
      }
      // fsync (not just datasync) so the file's size and metadata are durable before it becomes visible.
      await handle.sync();
    } finally {
      await handle.close();
    }

    await this.paths.moveIntoPlace(data, target);
    // The names are known: no directory scan, which would cost O(parts) per call.
    await Promise.all(records.map((_, i) => removeFile(this.paths.partRecord(upload.uploadId, i + 1))));
    await removeDirectory(this.paths.upload(upload.uploadId));
    // With a single part, its hash (computed while the bytes streamed in) is the object's.
    return { sha256: upload.partCount === 1 ? records[0]!.sha256 : null };
  }

  async abort(uploadId: string): Promise<void> {
    const dir = this.paths.upload(uploadId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await Promise.all(names.map((name) => removeFile(`${dir}/${name}`)));
    await removeDirectory(dir);
  }

  /**
   * Upload directories neither created nor written since `olderThan`: the directory's mtime moves
   * when a part is recorded, the data file's with every write, so an upload still receiving bytes
   * is not abandoned. The filesystem keeps no key (the artifact's row has it).
   */
  async listAbandoned(olderThan: Date): Promise<AbandonedUpload[]> {
    let names: string[];
    try {
      names = await readdir(this.paths.uploadsDir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const abandoned: AbandonedUpload[] = [];
    for (const name of names) {
      if (!this.paths.isUploadId(name)) continue;
      const touched = await lastTouched([this.paths.upload(name), this.paths.uploadData(name)]);
      if (touched === null || touched >= olderThan) continue; // finished or aborted while we listed, or active
      abandoned.push({ uploadId: name, key: null });
    }
    return abandoned;
  }
}

/** The filesystem's PartReceiver: the API's part route checks the signed target, then streams the part in. */
export class FilesystemPartReceiver implements PartReceiver {
  constructor(
    private readonly signer: PartUrlSigner,
    private readonly parts: FilesystemParts,
  ) {}

  checkTarget(reference: string, partNumber: number, query: SignedPartQuery, now: Date): PartTargetCheck {
    const refused = this.signer.check(reference, partNumber, query, now);
    return refused ? { ok: false, reason: refused } : { ok: true, length: Number(query.length) };
  }

  receivePart(key: string, upload: MultipartUpload, partNumber: number, length: number, body: Readable): Promise<WrittenPart> {
    return this.parts.receive(key, upload, partNumber, length, body);
  }
}

/**
 * Counts and hashes a part as it streams, and fails the moment the body goes past the declared
 * length, so an oversized body is refused without being buffered or written.
 */
class PartMeter extends Transform {
  bytes = 0;
  private readonly hash;

  constructor(
    private readonly limit: number,
    hashing: boolean,
  ) {
    // Checked on the way in, buffered on the way out: the 1 MiB sits after the length check.
    super({ writableHighWaterMark: METER_INTAKE_BYTES, readableHighWaterMark: WRITE_BUFFER_BYTES });
    this.hash = hashing ? createHash('sha256') : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.bytes + chunk.length > this.limit) {
      callback(new StorageError('PART_TOO_LARGE', `The part is longer than the declared ${this.limit} bytes`));
      return;
    }
    this.bytes += chunk.length;
    this.hash?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes < this.limit) {
      callback(new StorageError('PART_INCOMPLETE', `The part ended after ${this.bytes} of ${this.limit} bytes`));
      return;
    }
    callback();
  }

  digest(): string | null {
    return this.hash?.digest('hex') ?? null;
  }
}

/** The caller's layout must describe itself consistently: the driver has nothing else to check it against. */
function assertLayout(upload: MultipartUpload): void {
  assertByteCount(upload.size, 'size');
  if (!Number.isSafeInteger(upload.partSize) || upload.partSize < 1 || upload.partCount !== partCountOf(upload.size, upload.partSize)) {
    throw new StorageError('INVALID_ARGUMENT', `${upload.partCount} part(s) of ${upload.partSize} bytes do not make ${upload.size} bytes`);
  }
}

function stripQuotes(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

function unknownUploadOr(error: unknown, uploadId: string): unknown {
  return isMissing(error) ? new StorageError('UNKNOWN_UPLOAD', `No upload ${uploadId} in progress`, { cause: error }) : error;
}

async function removeDirectory(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

async function lastTouched(files: string[]): Promise<Date | null> {
  let latest: Date | null = null;
  for (const file of files) {
    try {
      const { mtime } = await stat(file);
      if (!latest || mtime > latest) latest = mtime;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return latest;
}

/** Writes a new file and fsyncs it and its directory, so that neither its bytes nor its name can be lost in a crash. */
async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
