import type { JobStatus, ProjectRef } from '@stowage/contracts';
import { jobStatusRecordOf, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { jobView } from './job.view';

export interface JobReport {
  name?: string;
  branch?: string | null;
  revision?: string | null;
  status?: JobStatus;
  parallelism?: number;
  startedAt?: string | null;
  stoppedAt?: string | null;
}

const dateOf = (value: string | null | undefined) => (value === undefined ? undefined : value ? new Date(value) : null);

/** For CI systems: registers a job or updates its status, branch, revision and times. */
export async function upsertJob(ctx: Pick<ServerContext, 'access' | 'jobs' | 'clock'>, principal: Principal, input: { ref: ProjectRef; jobNumber: number; report: JobReport }) {
  const { project } = await requireProject(ctx.access, input.ref, principal, 'upload');
  const { report } = input;
  const job = await ctx.jobs.upsert(
    project.id,
    input.jobNumber,
    {
      name: report.name,
      branch: report.branch,
      revision: report.revision,
      status: report.status ? jobStatusRecordOf(report.status) : undefined,
      parallelism: report.parallelism,
      startedAt: dateOf(report.startedAt),
      stoppedAt: dateOf(report.stoppedAt),
    },
    ctx.clock.now(),
  );
  return jobView(job);
}
