import type { Platform } from './platform';
import { DEFAULT_TASK_OPTIONS, type TaskHandlers } from '@stowage/server-queue';
import { expireArtifacts } from './use-cases/tasks/expire-artifacts';
import { indexCoreDump } from './use-cases/tasks/index-core-dump';
import { snapshotStorageUsage } from './use-cases/tasks/snapshot-storage-usage';

const MAX_ATTEMPTS = DEFAULT_TASK_OPTIONS.attempts ?? 1;

/** One handler per task name in the contracts; each is a thin call into a domain service. */
export function createTaskHandlers(platform: Platform): TaskHandlers {
  return {
    // A plain object, so the task's stored result (JSON, on BullMQ's job record) says what became of each artifact.
    'finalize-uploads': async ({ artifactIds }, { attempt }) =>
      Object.fromEntries(await platform.finalizer.finalize(artifactIds, { number: attempt, max: MAX_ATTEMPTS })),
    'index-core-dump': (payload) => indexCoreDump(platform.ctx, payload),
    'expire-artifacts': () => expireArtifacts(platform.ctx),
    'sweep-abandoned-uploads': () => platform.lifecycle.sweepAbandonedUploads(),
    'requeue-pending-uploads': () => platform.lifecycle.requeuePendingUploads(),
    'snapshot-storage-usage': () => snapshotStorageUsage(platform.ctx),
  };
}
