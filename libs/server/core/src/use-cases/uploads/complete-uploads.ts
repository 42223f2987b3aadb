import type { CompleteUploadsRequest, CompleteUploadsResponseSchema } from '@stowage/contracts';
import { DomainError, invalidInput, isStorageError, notFound, partCountOf, uploadLayoutOf, type Principal } from '@stowage/domain';
import type { UploadCompletion } from '@stowage/server-db';
import type { z } from 'zod';
import { requireJobById } from '../../access/require-access';
import { forEachConcurrently } from '../../concurrency';
import type { ServerContext } from '../../server-context';

/** How long completion waits for Redis before leaving finalization to the requeue sweep. */
const ENQUEUE_TIMEOUT_MS = 2_000;
/** Storage completions are independent (each an fsync and a rename, or an S3 call): run several at once. */
const COMPLETE_CONCURRENCY = 16;

type CompleteUploadsResponse = z.infer<typeof CompleteUploadsResponseSchema>;
type UploadState = CompleteUploadsResponse['uploads'][number]['state'];

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  // A late failure changes nothing (the requeue sweep covers it) and must not go unhandled.
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Parts not sent as declared are the agent's to fix (400); anything else is ours (500). */
function completionError(artifactId: string, error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isStorageError(error, 'PART_MISMATCH') || isStorageError(error, 'PART_INCOMPLETE') || isStorageError(error, 'UNKNOWN_UPLOAD')) {
    return invalidInput(`upload ${artifactId} cannot be completed: ${error.message}`);
  }
  return error;
}

/**
 * The last step of the upload protocol: completes each upload in storage with its parts' ETags,
 * records completion, and enqueues one finalization task for the batch. Completing twice is
 * harmless: the second call reports the state of the first.
 */
export async function completeUploads(
  ctx: Pick<ServerContext, 'access' | 'uploads' | 'storage' | 'tasks' | 'clock' | 'logger'>,
  principal: Principal,
  request: CompleteUploadsRequest,
): Promise<CompleteUploadsResponse> {
  const ids = request.uploads.map((upload) => upload.artifactId);
  const byId = new Map((await ctx.uploads.findForCompletion(ids)).map((artifact) => [artifact.id, artifact]));
  for (const id of ids) {
    const artifact = byId.get(id);
    if (!artifact || artifact.state === 'DELETING') throw notFound(`upload ${id}`);
  }
  // Access once per job (a batch is usually one job's files): its project, and that project's retention.
  const retentionDays = new Map<string, number>();
  for (const artifact of byId.values()) {
    if (retentionDays.has(artifact.jobId)) continue;
    const { project } = await requireJobById(ctx.access, artifact.jobId, principal, 'upload', `upload ${artifact.id}`);
    retentionDays.set(artifact.jobId, project.organization.artifactRetentionDays);
  }

  const results = new Map<string, UploadState>();
  const toComplete: Array<{ artifactId: string; parts: Array<{ partNumber: number; etag: string }>; sha256: string }> = [];
  for (const { artifactId, parts, sha256 } of request.uploads) {
    const artifact = byId.get(artifactId)!;
    if (artifact.completedAt || artifact.state !== 'PENDING' || !artifact.uploadId) {
      results.set(artifactId, artifact.state === 'AVAILABLE' ? 'available' : artifact.state === 'FAILED' ? 'failed' : 'pending');
      continue;
    }
    const partCount = partCountOf(artifact.size, artifact.partSize);
    if (parts.length !== partCount || parts.some((part) => part.partNumber < 1 || part.partNumber > partCount)) {
      throw invalidInput(`upload ${artifactId} has ${partCount} part(s); complete it with exactly those part numbers`);
    }
    if (artifact.sha256 && sha256 && sha256 !== artifact.sha256) {
      throw invalidInput(`upload ${artifactId} was created with sha256 ${artifact.sha256} and completed with ${sha256}`);
    }
    const declared = artifact.sha256 ?? sha256;
    if (!declared) throw invalidInput(`upload ${artifactId} was created without a sha256; complete it with one`);
    toComplete.push({ artifactId, parts, sha256: declared });
  }

  const completed: UploadCompletion[] = [];
  // One upload that cannot be completed must not stop the others from being recorded: their objects
  // are already complete in storage, and a retry could not complete them a second time.
  let failure: { error: unknown } | undefined;
  await forEachConcurrently(toComplete, COMPLETE_CONCURRENCY, async ({ artifactId, parts, sha256 }) => {
    const artifact = byId.get(artifactId)!;
    let computedSha256: string | null;
    try {
      // The driver answers the object's SHA-256 where the bytes crossed the API and it hashed them on the way.
      ({ sha256: computedSha256 } = await ctx.storage.completeMultipartUpload(artifact.storageKey, uploadLayoutOf(artifact.uploadId!, artifact.size, artifact.partSize), parts));
    } catch (error) {
      failure ??= { error: completionError(artifactId, error) };
      return;
    }
    completed.push({ id: artifactId, sha256, computedSha256, retentionDays: retentionDays.get(artifact.jobId)! });
    results.set(artifactId, 'pending');
  });
  await ctx.uploads.markCompleted(ctx.clock.now(), completed);
  const toFinalize = completed.map((c) => c.id);
  if (toFinalize.length) {
    try {
      // With Redis unreachable the client queues commands until it reconnects, so waiting would hang
      // the request: give up waiting after a while (the enqueue still happens if Redis comes back).
      // One task for the batch, named after its first artifact (completed exactly once): idempotent.
      await withTimeout(
        ctx.tasks.enqueue('finalize-uploads', { artifactIds: toFinalize }, { taskId: `finalize-${toFinalize[0]}` }),
        ENQUEUE_TIMEOUT_MS,
        `Redis did not accept the finalization task within ${ENQUEUE_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      // The database is the source of truth: the worker re-enqueues completed pending uploads.
      ctx.logger.warn({ err: error, artifacts: toFinalize.length }, 'could not enqueue finalization; the requeue sweep will pick it up');
    }
  }
  if (failure) throw failure.error;
  return { uploads: request.uploads.map(({ artifactId }) => ({ artifactId, state: results.get(artifactId) ?? 'pending' })) };
}
