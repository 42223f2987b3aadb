import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { partCountOf, partLengthOf, type MultipartUpload, type WrittenPart } from '@stowage/domain';
import type { FilesystemPaths } from './filesystem-paths';

/** Uploads followed at once; past this the oldest is dropped (its completion then answers null). */
const MAX_FOLLOWED = 1000;

interface Running {
  hash: Hash;
  /** The next part to hash: parts 1..nextPart-1 are in `hash`, in order. */
  nextPart: number;
  /** The etag of each part's record when its bytes were hashed. */
  etags: string[];
  /** Catch-ups run one at a time per upload. */
  chain: Promise<void>;
  broken: boolean;
}

/**
 * A multi-part upload's SHA-256, computed beside the upload as its parts land: whenever the next
 * part in order is on disk (its record written after its fsync), its bytes are read back from the
 * data file (from the page cache, moments after they were written) and hashed. Completion then
 * answers the object's digest and finalization need not read 1 GiB back.
 *
 * Only an optimisation, held in this process's memory: a first part this process never saw, a
 * restart or anything that fails leaves the digest unfinished, and completion answers null as
 * before (the object is read back). It is trusted only if every part's record still carries the
 * etag it had when that part was hashed: each write of a part makes a new etag, so a part written
 * again (here or through another API instance) makes the digest worthless and it is dropped.
 */
export class RunningDigests {
  private readonly running = new Map<string, Running>();

  constructor(private readonly paths: FilesystemPaths) {}

  /** After a part of `upload` was written and recorded: hash what is now in order. Never throws. */
  partWritten(upload: MultipartUpload): void {
    let entry = this.running.get(upload.uploadId);
    if (!entry) {
      if (this.running.size >= MAX_FOLLOWED) this.running.delete(this.running.keys().next().value!);
      entry = { hash: createHash('sha256'), nextPart: 1, etags: [], chain: Promise.resolve(), broken: false };
      this.running.set(upload.uploadId, entry);
    }
    const running = entry;
    running.chain = running.chain.then(() => this.catchUp(upload, running)).catch(() => void (running.broken = true));
  }

  /**
   * At completion, with the parts' records as they are now: the object's SHA-256 if this process
   * followed the whole upload (hashing what remains), else null. Forgets the upload either way.
   */
  async finish(upload: MultipartUpload, records: readonly WrittenPart[]): Promise<string | null> {
    const running = this.running.get(upload.uploadId);
    this.running.delete(upload.uploadId);
    if (!running) return null;
    await running.chain;
    if (!running.broken) await this.catchUp(upload, running).catch(() => void (running.broken = true));
    const partCount = partCountOf(upload.size, upload.partSize);
    if (running.broken || running.nextPart !== partCount + 1) return null;
    return records.every((record, i) => record.etag === running.etags[i]) ? running.hash.digest('hex') : null;
  }

  forget(uploadId: string): void {
    this.running.delete(uploadId);
  }

  private async catchUp(upload: MultipartUpload, running: Running): Promise<void> {
    const partCount = partCountOf(upload.size, upload.partSize);
    while (!running.broken && running.nextPart <= partCount) {
      const partNumber = running.nextPart;
      // The record is written after the part's bytes are durable: no record, not there yet.
      const record = await readRecord(this.paths.partRecord(upload.uploadId, partNumber));
      if (!record) return;
      const start = (partNumber - 1) * upload.partSize;
      const length = partLengthOf(upload.size, upload.partSize, partNumber);
      let read = 0;
      if (length > 0) {
        for await (const chunk of createReadStream(this.paths.uploadData(upload.uploadId), { start, end: start + length - 1, highWaterMark: 1 << 20 })) {
          running.hash.update(chunk as Buffer);
          read += (chunk as Buffer).length;
        }
      }
      if (read !== length) throw new Error(`part ${partNumber} read back ${read} of ${length} bytes`);
      running.etags[partNumber - 1] = record.etag;
      running.nextPart++;
    }
  }
}

async function readRecord(file: string): Promise<WrittenPart | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as WrittenPart;
  } catch {
    return null;
  }
}
