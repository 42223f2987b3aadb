import type { Job as JobView } from '@stowage/contracts';
import { jobStatusOf, type Job } from '@stowage/domain';

export function jobView(job: Job & { availableArtifacts?: number }): JobView {
  return {
    id: job.id,
    number: job.number,
    name: job.name,
    branch: job.branch,
    revision: job.revision,
    status: jobStatusOf(job.status),
    parallelism: job.parallelism,
    startedAt: job.startedAt?.toISOString() ?? null,
    stoppedAt: job.stoppedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    ...(job.availableArtifacts !== undefined ? { artifactCount: job.availableArtifacts } : {}),
  };
}
