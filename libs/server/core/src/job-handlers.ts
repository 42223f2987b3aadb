import type { Platform } from './platform';
import { DEFAULT_JOB_OPTIONS, type JobHandlers } from '@stowage/server-queue';

const MAX_ATTEMPTS = DEFAULT_JOB_OPTIONS.attempts ?? 1;

/** One handler per job name in the contracts; each is a thin call into a domain service. */
export function createJobHandlers(platform: Platform): JobHandlers {
  return {
    // A plain object, so the job's stored result (JSON) says what became of each artifact.
    'finalize-uploads': async ({ artifactIds }, { attempt }) =>
      Object.fromEntries(await platform.finalizer.finalize(artifactIds, { number: attempt, max: MAX_ATTEMPTS })),
    'index-core-dump': ({ artifactId }) => platform.coreDumps.index(artifactId),
    'expire-artifacts': () => platform.lifecycle.expireArtifacts(),
    'sweep-abandoned-uploads': () => platform.lifecycle.sweepAbandonedUploads(),
    'requeue-pending-uploads': () => platform.lifecycle.requeuePendingUploads(),
    'snapshot-storage-usage': () => platform.usage.snapshotStorage(),
  };
}
