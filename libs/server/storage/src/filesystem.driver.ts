import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
  partLengthOf,
  type AbandonedUpload,
  type ByteRange,
  type CompletedPart,
  type CompletedUpload,
  type MultipartUpload,
  type ObjectBatch,
  type PartReceiver,
  type PartTarget,
  type PartTargetOptions,
  type StorageDriver,
  type StoredObject,
} from '@stowage/domain';

import { guardBodyErrors } from './body-error-guard';
import { FilesystemObjectBatch } from './filesystem-batch';
import { PartUrlSigner } from './filesystem-part-signer';
import { FilesystemPartReceiver, FilesystemParts } from './filesystem-parts';
import { FilesystemPaths, removeFile } from './filesystem-paths';
import { FilesystemReads } from './filesystem-reads';

export interface FilesystemStorageOptions {
  dataDir: string;
}

/** How the filesystem driver signs its part targets: URLs of the API's part route (see filesystem-part-signer.ts). */
export interface PartUrlOptions {
  signingSecret: string;
  publicUrl: string;
}

/** Deletes run this many unlinks at a time: enough to overlap I/O without exhausting file handles. */
const DELETE_CONCURRENCY = 32;

/**
 * Stores objects as plain files under `<dataDir>/objects/<key>` (see filesystem-paths.ts). Parts
 * are sent to signed API URLs and streamed in by its PartReceiver (filesystem-parts.ts); reads are
 * in filesystem-reads.ts. This class composes them and does the whole-object calls.
 */
export class FilesystemStorageDriver implements StorageDriver {
  readonly kind = 'filesystem' as const;
  /** What the API's part route hands the parts to. */
  readonly partReceiver: PartReceiver;

  private readonly paths: FilesystemPaths;
  private readonly parts: FilesystemParts;
  private readonly reads: FilesystemReads;
  private readonly signer: PartUrlSigner;

  constructor(options: FilesystemStorageOptions & PartUrlOptions) {
    this.paths = new FilesystemPaths(options.dataDir);
    this.parts = new FilesystemParts(this.paths);
    this.reads = new FilesystemReads(this.paths);
    this.signer = new PartUrlSigner(options.signingSecret, options.publicUrl);
    this.partReceiver = new FilesystemPartReceiver(this.signer, this.parts);
  }

  createMultipartUpload(key: string, size: number): Promise<MultipartUpload> {
    return this.parts.create(key, size);
  }

  async partTargets(key: string, upload: MultipartUpload, options: PartTargetOptions): Promise<PartTarget[]> {
    this.paths.object(key);
    return Array.from({ length: upload.partCount }, (_, i) => {
      const partNumber = i + 1;
      const length = partLengthOf(upload.size, upload.partSize, partNumber);
      return {
        partNumber,
        url: this.signer.url(options.reference, partNumber, length, options.expiresAt),
        headers: { 'content-type': 'application/octet-stream' },
      };
    });
  }

  completeMultipartUpload(key: string, upload: MultipartUpload, parts: CompletedPart[]): Promise<CompletedUpload> {
    return this.parts.complete(this.paths.object(key), upload, parts);
  }

  async abortMultipartUpload(_key: string | null, uploadId: string): Promise<void> {
    // The key is not needed: the upload's directory holds everything (and listed uploads have none).
    await this.parts.abort(uploadId);
  }

  listAbandonedUploads(olderThan: Date): Promise<AbandonedUpload[]> {
    return this.parts.listAbandoned(olderThan);
  }

  stat(key: string): Promise<StoredObject | null> {
    return this.reads.stat(key);
  }

  read(key: string, range?: ByteRange): Promise<Readable> {
    return this.reads.read(key, range);
  }

  sendTo(key: string, destination: Writable, range?: ByteRange): Promise<number> {
    return this.reads.sendTo(key, destination, range);
  }

  async presignDownload(key: string): Promise<string | null> {
    // Nothing to presign (the API streams the file), but a bad key is still refused like everywhere else.
    this.paths.object(key);
    return null;
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.paths.object(key);
    const early = guardBodyErrors(body);
    try {
      // An upload directory of its own: if we crash mid-write, the abandoned-upload sweep removes the leftover.
      const { uploadId } = await this.parts.create(key, 0);
      const tmp = this.paths.uploadData(uploadId);
      try {
        // flush: fsync before close, so the rename below never publishes bytes still in the page cache.
        await pipeline(early.handOver(), createWriteStream(tmp, { flags: 'r+', flush: true }));
        await this.paths.moveIntoPlace(tmp, target);
      } finally {
        await this.parts.abort(uploadId);
      }
    } finally {
      early.release();
    }
  }

  openBatch(): ObjectBatch {
    return new FilesystemObjectBatch(this.paths);
  }

  async deleteMany(keys: string[]): Promise<void> {
    // Validate everything first so a bad key cannot leave the batch half done.
    const files = [...new Set(keys)].map((key) => this.paths.object(key));
    for (let i = 0; i < files.length; i += DELETE_CONCURRENCY) {
      await Promise.all(
        files.slice(i, i + DELETE_CONCURRENCY).map(async (file) => {
          await removeFile(file);
          await this.paths.pruneEmptyParents(path.dirname(file));
        }),
      );
    }
  }

  async checkHealth(): Promise<void> {
    await mkdir(this.paths.objectsDir, { recursive: true });
    await mkdir(this.paths.uploadsDir, { recursive: true });
    const probe = path.join(this.paths.uploadsDir, `.health-${randomUUID()}`);
    try {
      await writeFile(probe, 'ok');
    } finally {
      await removeFile(probe);
    }
  }
}
