import type { UploadPartTarget } from '@stowage/contracts';
import { assertUnchanged, type FileSnapshot } from './hash-file';
import type { PartUploader } from './part-uploader';
import type { WorkerPool } from './worker-pool';

export interface UploadedPart {
  partNumber: number;
  etag: string;
}

export interface UploadFileDeps {
  pool: WorkerPool;
  uploader: PartUploader;
  onBytes: (delta: number) => void;
  /** Aborted when the whole run stops (the server refused the token, say). */
  signal?: AbortSignal;
}

/**
 * Sends every part of one file, each as its own task in the shared pool (a 3 GB file's parts go
 * in parallel; a failed part is retried alone). The first part that fails for good cancels the
 * file's parts not yet sent: the file has failed, and its other bytes would be wasted.
 */
export async function uploadFile(
  file: { absolutePath: string; snapshot: FileSnapshot },
  parts: readonly UploadPartTarget[],
  deps: UploadFileDeps,
): Promise<UploadedPart[]> {
  // The bytes must be the ones hashed: a file rewritten since then fails now, before it is sent.
  await assertUnchanged(file.absolutePath, file.snapshot);
  const cancel = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, cancel.signal]) : cancel.signal;
  const uploaded = await Promise.all(
    parts.map((part) =>
      deps.pool
        .run(async () => {
          signal.throwIfAborted();
          const etag = await deps.uploader.upload({ absolutePath: file.absolutePath }, part, deps.onBytes, signal);
          return { partNumber: part.partNumber, etag };
        })
        .catch((error: unknown) => {
          cancel.abort(error);
          throw error;
        }),
    ),
  );
  // A write while the parts were read can leave them a mix of old and new bytes: check again.
  await assertUnchanged(file.absolutePath, file.snapshot);
  return uploaded;
}
