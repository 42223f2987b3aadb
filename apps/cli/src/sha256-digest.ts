import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** A SHA-256 fed as bytes arrive; `digest` answers the lowercase hex and releases what it held. */
export interface Sha256Digest {
  update(chunk: Buffer): void;
  digest(): Promise<string>;
  /** Releases the digest without its result (a failed download). */
  dispose(): void;
}

/** Files from this size are hashed on a worker thread; below it a thread costs more than the hash. */
export const WORKER_HASH_MIN_BYTES = 16 * 1024 * 1024;

/** Chunks are posted to the worker in batches of about this much (one copy each, few messages). */
const POST_BATCH_BYTES = 1024 * 1024;

// Builtins only: the same code runs from the bundle and from the single executable.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (chunks) => {
  if (chunks === null) parentPort.postMessage(hash.digest('hex'));
  else for (const chunk of chunks) hash.update(chunk);
});`;

/**
 * The digest of a download of `size` bytes. A large one is hashed on a worker thread: on the
 * CLI's thread the hash (0.5 s of CPU per GiB) ran in series with receiving and writing, and the
 * 1 GiB download measured 45–55 % of curl's throughput; beside them it costs the thread one copy.
 */
export function sha256DigestFor(size: number): Sha256Digest {
  return size >= WORKER_HASH_MIN_BYTES ? workerSha256() : inlineSha256();
}

export function inlineSha256(): Sha256Digest {
  const hash = createHash('sha256');
  return {
    update: (chunk) => hash.update(chunk),
    digest: async () => hash.digest('hex'),
    dispose: () => undefined,
  };
}

export function workerSha256(): Sha256Digest {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => undefined);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const post = () => {
    // Copied by the structured clone: the caller keeps (and writes) its buffers.
    if (pendingBytes) worker.postMessage(pending);
    pending = [];
    pendingBytes = 0;
  };
  return {
    update(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= POST_BATCH_BYTES) post();
    },
    async digest() {
      post();
      try {
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
