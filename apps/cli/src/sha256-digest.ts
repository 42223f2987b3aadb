import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The SHA-256 of a file being written: told what is already there and each batch once written;
 * `digest` answers the lowercase hex of the file's bytes so far and releases what it held.
 */
export interface FileDigest {
  /** The file's first `bytes` were there before (a partial file resumed, a file already present). */
  existing(bytes: number): Promise<void>;
  /** `chunk` was written at the end of the file, which now holds `fileBytes` bytes. */
  written(chunk: Buffer, fileBytes: number): void;
  digest(): Promise<string>;
  /** Releases the digest without its result (a failed download). */
  dispose(): void;
}

/** Files from this size are hashed on a worker thread; below it a thread costs more than the hash. */
export const WORKER_HASH_MIN_BYTES = 16 * 1024 * 1024;

const READ_BYTES = 1024 * 1024;

/**
 * The digest of `path`, a file of `size` bytes when complete. A large one is hashed on a worker
 * thread that reads the file back as it is written (from the page cache): on the CLI's thread the
 * hash (0.5 s of CPU per GiB) ran in series with receiving and writing, and a 1 GiB download
 * measured 67 % of curl's throughput; handing the worker copies of the bytes instead still cost
 * the CLI's thread a copy per byte (73 %). This way that thread only receives and writes, as curl does.
 */
export function fileDigestFor(path: string, size: number): FileDigest {
  return size >= WORKER_HASH_MIN_BYTES ? workerFileDigest(path) : inlineFileDigest(path);
}

/** Hashes the written chunks on the calling thread. */
export function inlineFileDigest(path: string): FileDigest {
  const hash = createHash('sha256');
  return {
    async existing(bytes) {
      if (bytes === 0) return;
      for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: READ_BYTES })) hash.update(chunk as Buffer);
    },
    written: (chunk) => hash.update(chunk),
    digest: async () => hash.digest('hex'),
    dispose: () => undefined,
  };
}

// Builtins only: the same code runs from the bundle and from the single executable.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const hash = require('node:crypto').createHash('sha256');
const buffer = Buffer.allocUnsafe(${READ_BYTES});
let fd;
let position = 0;
parentPort.on('message', (upTo) => {
  // A number: the file now holds that many bytes, hash them; null: answer the digest.
  if (upTo === null) {
    if (fd !== undefined) closeSync(fd);
    parentPort.postMessage(hash.digest('hex'));
    return;
  }
  fd ??= openSync(workerData, 'r');
  while (position < upTo) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, upTo - position), position);
    if (read === 0) throw new Error(workerData + ' is shorter than the bytes written to it');
    hash.update(buffer.subarray(0, read));
    position += read;
  }
});`;

/** Hashes the file on a worker thread, reading back what was written (one read per byte, off the calling thread). */
export function workerFileDigest(path: string): FileDigest {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: path });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => undefined);
  let told = 0;
  const tell = (fileBytes: number) => {
    // Batches of about a megabyte: one message each, not one per socket read.
    if (fileBytes - told < READ_BYTES) return;
    worker.postMessage(fileBytes);
    told = fileBytes;
  };
  let fileBytes = 0;
  return {
    async existing(bytes) {
      fileBytes = bytes;
      tell(bytes);
    },
    written(_chunk, bytes) {
      fileBytes = bytes;
      tell(bytes);
    },
    async digest() {
      try {
        if (fileBytes > told) worker.postMessage(fileBytes);
        const digest = new Promise<string>((resolve) => worker.once('message', resolve));
        worker.postMessage(null);
        return await Promise.race([digest, failed]);
      } finally {
        await worker.terminate();
      }
    },
    dispose() {
      void worker.terminate();
    },
  };
}
