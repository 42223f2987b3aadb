import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create as contentDisposition } from 'content-disposition';

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
  type PartTarget,
  type PartTargetOptions,
  type PresignDownloadOptions,
  type StorageDriver,
  type StoredObject,
} from '@stowage/domain';

import { BoundedWrites } from './bounded-writes';
import { S3_MAX_OBJECT_SIZE, S3_MIN_PART_SIZE, s3PartSize } from './s3-part-size';
import { assertAllParts, assertByteCount, assertRange, assertStorageKey } from './storage-arguments';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For MinIO, Ceph, R2…; omit for AWS. */
  endpoint?: string;
  /** `bucket` in the path rather than the host name; most self-hosted stores need it. */
  forcePathStyle: boolean;
  /** Both or neither; without them the SDK's default chain (env, profile, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Prepended to every key, so several deployments (or other data) can share a bucket. */
  keyPrefix?: string;
}

/** SigV4 presigned URLs cannot live longer than seven days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;
/** PutObjects of one batch in flight at once (each a few KiB to a few MiB, from memory)... */
const S3_BATCH_CONCURRENCY = 16;
/** ...and their bytes, so a batch of 8 MiB files holds at most 16 MiB (plus the entry being parsed). */
const S3_BATCH_BYTES_IN_FLIGHT = 16 * 1024 * 1024;
/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * The SDK client the driver talks to the store with. Exported so that whatever else measures or
 * talks to the same store (the upload benchmark's SDK yardstick) uses exactly these settings.
 */
export function createS3Client(options: S3StorageOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // The SDK's default CRC32 checksums use aws-chunked bodies and add checksum parameters to
    // presigned URLs, which many S3-compatible stores reject or store verbatim; send them only
    // where the API demands them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export class S3StorageDriver implements StorageDriver {
  readonly kind = 's3' as const;

  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;

  constructor(options: S3StorageOptions) {
    if (!options.bucket) throw new StorageError('INVALID_ARGUMENT', 'The S3 driver needs a bucket');
    if (!options.region) throw new StorageError('INVALID_ARGUMENT', 'The S3 driver needs a region');
    if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
      throw new StorageError('INVALID_ARGUMENT', 'Give both accessKeyId and secretAccessKey, or neither');
    }
    this.keyPrefix = options.keyPrefix ?? '';
    // A prefix followed by any valid key must itself be a valid key (no leading '/', no '..', no '//').
    if (this.keyPrefix) assertStorageKey(`${this.keyPrefix}x`);
    this.bucket = options.bucket;
    this.client = createS3Client(options);
  }

  async createMultipartUpload(key: string, size: number): Promise<MultipartUpload> {
    const Key = this.fullKey(key);
    assertByteCount(size, 'size');
    if (size > S3_MAX_OBJECT_SIZE) {
      throw new StorageError('INVALID_ARGUMENT', `${size} bytes is more than S3 stores in one object`);
    }
    const partSize = s3PartSize(size);
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }));
    if (!UploadId) throw new Error(`The store returned no UploadId for ${Key}`);
    return { uploadId: UploadId, size, partSize, partCount: partCountOf(size, partSize) };
  }

  /** Presigned PUT URLs: clients send the parts to the store itself, and the API never sees the bytes. */
  async partTargets(key: string, upload: MultipartUpload, options: PartTargetOptions): Promise<PartTarget[]> {
    const Key = this.fullKey(key);
    const { size } = upload;
    assertByteCount(size, 'size');
    const expiresInSeconds = options.expiresInSeconds;
    assertExpiry(expiresInSeconds);
    if (upload.partCount !== partCountOf(size, upload.partSize)) {
      throw new StorageError(
        'INVALID_ARGUMENT',
        `${upload.partCount} part(s) of ${upload.partSize} bytes do not make ${size} bytes`,
      );
    }
    const parts: PartTarget[] = [];
    for (let partNumber = 1; partNumber <= upload.partCount; partNumber++) {
      const length = partLengthOf(size, upload.partSize, partNumber);
      const command = new UploadPartCommand({
        Bucket: this.bucket,
        Key,
        UploadId: upload.uploadId,
        PartNumber: partNumber,
        ContentLength: length,
      });
      // Signing content-length means the store rejects a body of any other length, so a client
      // cannot use the URL to upload more (or less) than it declared.
      const url = await getSignedUrl(this.client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-length']),
      });
      parts.push({ partNumber, url, headers: { 'content-length': String(length) } });
    }
    return parts;
  }

  async completeMultipartUpload(key: string, upload: MultipartUpload, parts: CompletedPart[]): Promise<CompletedUpload> {
    const Key = this.fullKey(key);
    // S3 would happily complete with a subset of the parts, storing a truncated object.
    assertAllParts(parts, upload.partCount);
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key,
          UploadId: upload.uploadId,
          MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
    } catch (error) {
      throw completionError(error, upload.uploadId);
    }
    // The bytes went straight to the store: nobody hashed them on the way.
    return { sha256: null };
  }

  async abortMultipartUpload(key: string | null, uploadId: string): Promise<void> {
    const Key = this.fullKey(key ?? '');
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId }));
    } catch (error) {
      // Already completed or aborted: the goal (no upload in progress) is met.
      if (errorName(error) === 'NoSuchUpload') return;
      throw error;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    const Key = this.fullKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: head.ContentLength ?? 0, lastModified: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const Key = this.fullKey(key);
    if (range) assertRange(range);
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(Body instanceof Readable)) throw new Error(`GetObject ${Key} returned no Node.js stream`);
      return Body;
    } catch (error) {
      if (isNotFound(error)) throw new StorageError('NOT_FOUND', `No object at ${key}`, { cause: error });
      if (errorName(error) === 'InvalidRange') {
        throw new StorageError('INVALID_RANGE', `Range ${range?.start}-${range?.end} is outside ${key}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * The object's bytes piped into `destination`, which stays open for the caller. A destination
   * closed early ends the send (with the bytes it took), as the filesystem's sendFileRange does.
   */
  async sendTo(key: string, destination: Writable, range?: ByteRange): Promise<number> {
    const body = await this.read(key, range);
    let sent = 0;
    body.on('data', (chunk: Buffer) => (sent += chunk.length));
    try {
      await pipeline(body, destination, { end: false });
    } catch (error) {
      if (destination.destroyed || destination.writableEnded) return sent;
      throw error;
    }
    return sent;
  }

  async presignDownload(key: string, options: PresignDownloadOptions): Promise<string | null> {
    const Key = this.fullKey(key);
    assertExpiry(options.expiresInSeconds);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key,
      // S3 echoes these as response headers: the same as the API sends when it streams the file
      // itself, so a download answers alike from both drivers.
      ResponseContentDisposition: inlineDisposition(options.filename),
      ResponseContentType: options.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  async put(key: string, body: Readable): Promise<void> {
    const Key = this.fullKey(key);
    // Upload streams in bounded parts (partSize × queueSize in memory), whatever the object's size.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: body },
      partSize: S3_MIN_PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /**
   * One PutObject per object, a few in flight at once, each from the buffer the caller checked
   * (batch files are small). S3 has stored an object durably when PutObject answers, so `flush`
   * only waits for them, and so does `discard`.
   */
  openBatch(): ObjectBatch {
    const writes = new BoundedWrites(S3_BATCH_CONCURRENCY, S3_BATCH_BYTES_IN_FLIGHT);
    return {
      write: async (key, bytes) => {
        const Key = this.fullKey(key);
        await writes.add(async () => {
          await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.length }));
        }, bytes.length);
      },
      flush: () => writes.settle(),
      discard: () => writes.drain(),
    };
  }

  async deleteMany(keys: string[]): Promise<void> {
    // Validate everything first so a bad key cannot leave the batch half done.
    const fullKeys = [...new Set(keys)].map((key) => this.fullKey(key));
    for (let i = 0; i < fullKeys.length; i += DELETE_BATCH) {
      const batch = fullKeys.slice(i, i + DELETE_BATCH);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // DeleteObjects answers 200 even when some keys failed; the failures are only in the body.
      const errors = result.Errors ?? [];
      if (errors.length > 0) {
        const sample = errors
          .slice(0, 5)
          .map((e) => `${e.Key}: ${e.Code} ${e.Message ?? ''}`.trim())
          .join('; ');
        throw new StorageError('DELETE_FAILED', `Could not delete ${errors.length} object(s): ${sample}`);
      }
    }
  }

  async listAbandonedUploads(olderThan: Date): Promise<AbandonedUpload[]> {
    const abandoned: AbandonedUpload[] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket,
          Prefix: this.keyPrefix || undefined,
          KeyMarker,
          UploadIdMarker,
        }),
      );
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated) continue;
        if (upload.Initiated >= olderThan || !upload.Key.startsWith(this.keyPrefix)) continue;
        abandoned.push({ key: upload.Key.slice(this.keyPrefix.length), uploadId: upload.UploadId });
      }
      if (!page.IsTruncated) return abandoned;
      // A truncated page without markers would loop forever on the same page.
      if (!page.NextKeyMarker && !page.NextUploadIdMarker) {
        throw new Error('ListMultipartUploads was truncated but returned no markers');
      }
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
  }

  async checkHealth(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Closes the SDK's sockets (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  private fullKey(key: string): string {
    assertStorageKey(key);
    const full = this.keyPrefix + key;
    assertStorageKey(full);
    return full;
  }
}

function assertExpiry(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new StorageError('INVALID_ARGUMENT', `Presigned URLs last 1..${MAX_PRESIGN_SECONDS} seconds, not ${seconds}`);
  }
}

/**
 * `inline` (as the API's streamed downloads say) with an ASCII fallback for old clients and the
 * exact name in RFC 5987 form (RFC 6266 §4.3), written by the `content-disposition` library:
 * non-ASCII names survive, and quotes, CR/LF or any other control character cannot break the header
 * (they are percent-encoded in `filename*` and `?` in the fallback).
 */
export function inlineDisposition(filename: string): string {
  return contentDisposition(filename, { type: 'inline' });
}

/**
 * S3's answers for parts that were not sent as declared, in the port's words: the caller's to fix.
 * Anything else (the store unreachable, refused credentials) stays as the SDK reported it.
 */
function completionError(error: unknown, uploadId: string): unknown {
  const name = errorName(error);
  const message = (error as Error | null)?.message ?? String(error);
  if (name === 'NoSuchUpload') return new StorageError('UNKNOWN_UPLOAD', `No upload ${uploadId} in progress: ${message}`, { cause: error });
  if (name === 'InvalidPart' || name === 'InvalidPartOrder' || name === 'EntityTooSmall') {
    return new StorageError('PART_MISMATCH', message, { cause: error });
  }
  return error;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'NotFound' || name === 'NoSuchKey') return true;
  // HEAD responses carry no body, so some stores' 404s arrive without a recognisable name.
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket';
}
