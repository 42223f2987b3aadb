import { createHash, randomUUID } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
  partCountOf,
  partLengthOf,
  StorageError,
  type AbandonedUpload,
  type ByteRange,
  type CompletedPart,
  type CompletedUpload,
  type MultipartUpload,
  type ObjectBatch,
  type PartReceiver,
  type PartTarget,
  type PartTargetCheck,
  type PartTargetOptions,
  type PresignDownloadOptions,
  type SignedPartQuery,
  type StorageDriver,
  type StoredObject,
  type WrittenPart,
} from '@stowage/domain';

import { assertAllParts, assertByteCount, assertRange, assertStorageKey } from '../storage-arguments';

export interface InMemoryStorageOptions {
  /**
   * `streamed`: parts go through the API, one part per object up to `partSize` (hashed on the way)
   * and parts of `partSize` above it (like the filesystem driver); `direct`: parts of `partSize` go
   * to the store itself (like S3).
   */
  mode?: 'streamed' | 'direct';
  /** Every part but the last is this long (in `streamed` mode, for objects larger than it). */
  partSize?: number;
  /** When `listAbandonedUploads` sees each upload as last touched (a test's clock). */
  now?: () => Date;
}

interface UploadState {
  key: string;
  startedAt: Date;
  parts: Map<number, { bytes: Buffer; written: WrittenPart }>;
}

/**
 * A StorageDriver (and its PartReceiver) in memory, for unit tests of use cases: held to the same
 * contract suite as the real drivers (storage-driver.contract.ts). Every call is recorded, and a
 * test may replace any method (e.g. to make `stat` throw like an unreachable store).
 */
export class InMemoryStorageDriver implements StorageDriver, PartReceiver {
  readonly kind: 'filesystem' | 's3';
  readonly objects = new Map<string, { bytes: Buffer; lastModified: Date }>();
  readonly uploads = new Map<string, UploadState>();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  private readonly mode: 'streamed' | 'direct';
  private readonly partSize: number;
  private readonly now: () => Date;
  private readonly issued = new Set<string>();

  constructor(options: InMemoryStorageOptions = {}) {
    this.mode = options.mode ?? 'streamed';
    this.kind = this.mode === 'streamed' ? 'filesystem' : 's3';
    this.partSize = options.partSize ?? 8 * 1024 * 1024;
    this.now = options.now ?? (() => new Date());
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  async createMultipartUpload(key: string, size: number): Promise<MultipartUpload> {
    this.record('createMultipartUpload', [key, size]);
    assertStorageKey(key);
    assertByteCount(size, 'size');
    const partSize = this.mode === 'streamed' && size <= this.partSize ? Math.max(size, 1) : this.partSize;
    const uploadId = randomUUID();
    this.uploads.set(uploadId, { key, startedAt: this.now(), parts: new Map() });
    return { uploadId, size, partSize, partCount: partCountOf(size, partSize) };
  }

  async partTargets(key: string, upload: MultipartUpload, options: PartTargetOptions): Promise<PartTarget[]> {
    this.record('partTargets', [key, upload, options]);
    assertStorageKey(key);
    return Array.from({ length: upload.partCount }, (_, i) => {
      const partNumber = i + 1;
      const length = partLengthOf(upload.size, upload.partSize, partNumber);
      const signature = `${options.reference}.${partNumber}.${length}.${options.expiresAt.getTime()}`;
      this.issued.add(signature);
      const url =
        this.mode === 'streamed'
          ? `https://api.example/uploads/${options.reference}/parts/${partNumber}?length=${length}&expires=${options.expiresAt.getTime()}&signature=${signature}`
          : `https://store.example/${key}?uploadId=${upload.uploadId}&partNumber=${partNumber}&expiresIn=${options.expiresInSeconds}`;
      const headers: Record<string, string> = this.mode === 'streamed' ? { 'content-type': 'application/octet-stream' } : { 'content-length': String(length) };
      return { partNumber, url, headers };
    });
  }

  checkTarget(reference: string, partNumber: number, query: SignedPartQuery, now: Date): PartTargetCheck {
    this.record('checkTarget', [reference, partNumber, query]);
    if (!query.signature) return { ok: false, reason: 'the upload URL is not signed' };
    if (!this.issued.has(query.signature) || query.signature !== `${reference}.${partNumber}.${query.length}.${query.expires}`) {
      return { ok: false, reason: 'the upload URL signature is invalid' };
    }
    if (Number(query.expires) < now.getTime()) return { ok: false, reason: 'the upload URL has expired' };
    return { ok: true, length: Number(query.length) };
  }

  async receivePart(key: string, upload: MultipartUpload, partNumber: number, length: number, body: Readable): Promise<WrittenPart> {
    this.record('receivePart', [key, upload, partNumber, length]);
    const state = this.uploads.get(upload.uploadId);
    if (!state || state.key !== key) throw new StorageError('UNKNOWN_UPLOAD', `No upload ${upload.uploadId} in progress`);
    if (length !== partLengthOf(upload.size, upload.partSize, partNumber)) {
      throw new StorageError('INVALID_ARGUMENT', `Part ${partNumber} is not ${length} bytes long`);
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body) {
      bytes += (chunk as Buffer).length;
      if (bytes > length) {
        body.destroy();
        throw new StorageError('PART_TOO_LARGE', `The part is longer than the declared ${length} bytes`);
      }
      chunks.push(Buffer.from(chunk as Buffer));
    }
    if (bytes < length) throw new StorageError('PART_INCOMPLETE', `The part ended after ${bytes} of ${length} bytes`);
    const data = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const written = { etag: sha256, sha256, bytes };
    state.parts.set(partNumber, { bytes: data, written });
    return written;
  }

  async completeMultipartUpload(key: string, upload: MultipartUpload, parts: CompletedPart[]): Promise<CompletedUpload> {
    this.record('completeMultipartUpload', [key, upload, parts]);
    assertStorageKey(key);
    assertAllParts(parts, upload.partCount);
    const state = this.uploads.get(upload.uploadId);
    if (!state || state.key !== key) throw new StorageError('UNKNOWN_UPLOAD', `No upload ${upload.uploadId} in progress`);
    for (const part of parts) {
      const received = state.parts.get(part.partNumber);
      if (!received || received.written.etag !== part.etag.replace(/^"|"$/g, '')) {
        throw new StorageError('PART_MISMATCH', `Part ${part.partNumber} of upload ${upload.uploadId} was not written with that etag`);
      }
    }
    const bytes = Buffer.concat([...parts].sort((a, b) => a.partNumber - b.partNumber).map((part) => state.parts.get(part.partNumber)!.bytes));
    this.objects.set(key, { bytes, lastModified: new Date() });
    this.uploads.delete(upload.uploadId);
    return { sha256: this.mode === 'streamed' && upload.partCount === 1 ? state.parts.get(1)!.written.sha256 : null };
  }

  async abortMultipartUpload(key: string | null, uploadId: string): Promise<void> {
    this.record('abortMultipartUpload', [key, uploadId]);
    this.uploads.delete(uploadId);
  }

  async listAbandonedUploads(olderThan: Date): Promise<AbandonedUpload[]> {
    return [...this.uploads.entries()]
      .filter(([, state]) => state.startedAt < olderThan)
      .map(([uploadId, state]) => ({ uploadId, key: this.mode === 'direct' ? state.key : null }));
  }

  async stat(key: string): Promise<StoredObject | null> {
    this.record('stat', [key]);
    assertStorageKey(key);
    const object = this.objects.get(key);
    return object ? { size: object.bytes.length, lastModified: object.lastModified } : null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    this.record('read', [key, range]);
    return Readable.from([this.slice(key, range)]);
  }

  async sendTo(key: string, destination: Writable, range?: ByteRange): Promise<number> {
    this.record('sendTo', [key, range]);
    const bytes = this.slice(key, range);
    await pipeline(Readable.from([bytes]), destination, { end: false });
    return bytes.length;
  }

  async presignDownload(key: string, options: PresignDownloadOptions): Promise<string | null> {
    this.record('presignDownload', [key, options]);
    assertStorageKey(key);
    return this.mode === 'direct' ? `https://store.example/${key}?download=${encodeURIComponent(options.filename)}` : null;
  }

  async put(key: string, body: Readable): Promise<void> {
    assertStorageKey(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    this.objects.set(key, { bytes: Buffer.concat(chunks), lastModified: new Date() });
  }

  /** Objects appear at their keys only when the batch is flushed; every call is recorded. */
  openBatch(): ObjectBatch {
    this.record('openBatch', []);
    const written = new Map<string, Buffer>();
    return {
      write: async (key, bytes) => {
        this.record('batch.write', [key, bytes.length]);
        assertStorageKey(key);
        written.set(key, Buffer.from(bytes));
      },
      flush: async () => {
        this.record('batch.flush', [[...written.keys()]]);
        for (const [key, bytes] of written) this.objects.set(key, { bytes, lastModified: new Date() });
        written.clear();
      },
      discard: async () => {
        this.record('batch.discard', [[...written.keys()]]);
        written.clear();
      },
    };
  }

  async deleteMany(keys: string[]): Promise<void> {
    this.record('deleteMany', [keys]);
    keys.forEach(assertStorageKey);
    for (const key of keys) this.objects.delete(key);
  }

  async checkHealth(): Promise<void> {}

  private slice(key: string, range?: ByteRange): Buffer {
    assertStorageKey(key);
    if (range) assertRange(range);
    const object = this.objects.get(key);
    if (!object) throw new StorageError('NOT_FOUND', `No object at ${key}`);
    if (range && range.start >= object.bytes.length) throw new StorageError('INVALID_RANGE', `Range starts past ${key}`);
    return range ? object.bytes.subarray(range.start, range.end + 1) : object.bytes;
  }
}
