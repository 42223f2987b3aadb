import { MAX_FILES_PER_UPLOAD_REQUEST } from '@stowage/contracts';
import type { ServerContext } from '../../server-context';

/** A completion this old without finalization lost its task (Redis was down, or a task was lost). */
const STALLED_AFTER_MS = 60_000;
const MAX_REQUEUED = 10_000;

/** Completed uploads still pending go back on the queue, in batches as large as one complete request. */
export async function requeuePendingUploads(ctx: Pick<ServerContext, 'uploads' | 'tasks' | 'clock'>): Promise<number> {
  const pending = await ctx.uploads.findStalledCompleted(new Date(ctx.clock.now().getTime() - STALLED_AFTER_MS), MAX_REQUEUED);
  // No task ids: a batch re-enqueued while an earlier one still waits is harmless (finalizing is idempotent).
  const batches = [];
  for (let i = 0; i < pending.length; i += MAX_FILES_PER_UPLOAD_REQUEST) {
    batches.push({ payload: { artifactIds: pending.slice(i, i + MAX_FILES_PER_UPLOAD_REQUEST) } });
  }
  await ctx.tasks.enqueueMany('finalize-uploads', batches);
  return pending.length;
}
