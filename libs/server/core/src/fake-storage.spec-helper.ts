import { Readable } from 'node:stream';
import type {
  ByteRange,
  CompletedPart,
  MultipartUpload,
  PresignedPart,
  StorageDriver,
  StoredObject,
  WrittenPart,
} from '@stowage/domain';

/**
 * An in-memory StorageDriver for unit tests: objects are byte arrays, every call is recorded, and a
 * test can replace any method (e.g. to make `stat` throw like an unreachable store).
 */
export class FakeStorage implements StorageDriver {
  readonly kind: 'filesystem' | 's3';
  readonly objects = new Map<string, Uint8Array>();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  private uploads = 0;

  constructor(
    readonly presignsUploads: boolean,
    /** Every part but the last is this long (the driver decides, as S3's minimum part size does). */
    private readonly partSize: number,
  ) {
    this.kind = presignsUploads ? 's3' : 'filesystem';
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  async createMultipartUpload(key: string, size: number): Promise<MultipartUpload> {
    this.record('createMultipartUpload', [key, size]);
    return { uploadId: `upload-${++this.uploads}`, partSize: this.partSize, partCount: Math.max(1, Math.ceil(size / this.partSize)) };
  }

  async presignParts(key: string, upload: MultipartUpload, size: number, expiresInSeconds: number): Promise<PresignedPart[]> {
    this.record('presignParts', [key, upload, size, expiresInSeconds]);
    if (!this.presignsUploads) throw new Error('this driver does not presign');
    // Returned last part first: callers must place parts by their number, not by their position.
    return Array.from({ length: upload.partCount }, (_, i) => upload.partCount - i).map((partNumber) => ({
      partNumber,
      url: `https://s3.example/bucket/${key}?uploadId=${upload.uploadId}&partNumber=${partNumber}&X-Amz-Expires=${expiresInSeconds}`,
      headers: { 'x-fake-signed': `part-${partNumber}` },
    }));
  }

  async writePart(key: string, upload: MultipartUpload, partNumber: number, length: number, body: Readable): Promise<WrittenPart> {
    this.record('writePart', [key, upload, partNumber, length, body]);
    throw new Error('FakeStorage.writePart is not used by these tests');
  }

  async completeMultipartUpload(key: string, upload: MultipartUpload, parts: CompletedPart[]): Promise<void> {
    this.record('completeMultipartUpload', [key, upload, parts]);
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    this.record('abortMultipartUpload', [key, uploadId]);
  }

  async stat(key: string): Promise<StoredObject | null> {
    this.record('stat', [key]);
    const bytes = this.objects.get(key);
    return bytes ? { size: bytes.byteLength, lastModified: new Date(0) } : null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    this.record('read', [key, range]);
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no object ${key}`);
    const slice = range ? bytes.subarray(range.start, range.end + 1) : bytes;
    return Readable.from([Buffer.from(slice)]);
  }

  async presignDownload(): Promise<string | null> {
    return null;
  }

  async put(key: string, body: Readable): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    this.objects.set(key, Buffer.concat(chunks));
  }

  async deleteMany(keys: string[]): Promise<void> {
    this.record('deleteMany', [keys]);
    for (const key of keys) this.objects.delete(key);
  }

  async listAbandonedUploads(): Promise<Array<{ key: string; uploadId: string }>> {
    return [];
  }

  async checkHealth(): Promise<void> {}
}

/** Records what was enqueued; `failWith` makes every call reject, as when Redis is down. */
export class FakeQueue {
  readonly enqueued: Array<{ name: string; payload: unknown; taskId?: string }> = [];
  failWith: Error | null = null;

  async enqueue(name: string, payload: unknown, options: { taskId?: string } = {}): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.enqueued.push({ name, payload, ...(options.taskId ? { taskId: options.taskId } : {}) });
  }

  async enqueueMany(name: string, items: Array<{ payload: unknown; taskId?: string }>): Promise<void> {
    if (this.failWith) throw this.failWith;
    for (const item of items) this.enqueued.push({ name, payload: item.payload, ...(item.taskId ? { taskId: item.taskId } : {}) });
  }
}
