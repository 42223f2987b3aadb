import type { Platform } from './platform';
import { DEFAULT_TASK_OPTIONS, type TaskHandlers } from '@stowage/server-queue';

const MAX_ATTEMPTS = DEFAULT_TASK_OPTIONS.attempts ?? 1;

/** One handler per task name in the contracts; each calls the task's use case (platform.ts, TASK_USE_CASES). */
export function createTaskHandlers(platform: Platform): TaskHandlers {
  return {
    // A plain object, so the task's stored result (JSON, on BullMQ's job record) says what became of each artifact.
    'finalize-uploads': async ({ artifactIds }, { attempt }) =>
      Object.fromEntries(await platform.backgroundTasks.finalizeUploads({ artifactIds }, { number: attempt, max: MAX_ATTEMPTS })),
    'index-core-dump': (payload) => platform.backgroundTasks.indexCoreDump(payload),
    'expire-artifacts': () => platform.backgroundTasks.expireArtifacts(),
    'sweep-abandoned-uploads': () => platform.backgroundTasks.sweepAbandonedUploads(),
    'requeue-pending-uploads': () => platform.backgroundTasks.requeuePendingUploads(),
    'snapshot-storage-usage': () => platform.backgroundTasks.snapshotStorageUsage(),
  };
}
