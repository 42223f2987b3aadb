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

/** The statuses that end a job (`stowage job finish`). */
const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['success', 'failed', 'canceled']);

/**
 * For CI systems: registers a job or updates its status, branch, revision and times. A job is
 * created if unknown (a job that stored no artifacts can still report its end). A final status
 * (success, failed, canceled) reported without `stoppedAt` stops the job now, by the server's clock;
 * reporting it again moves that time, nothing else.
 */
export async function upsertJob(ctx: Pick<ServerContext, 'access' | 'jobs' | 'clock'>, principal: Principal, input: { ref: ProjectRef; jobNumber: number; report: JobReport }) {
  const { project } = await requireProject(ctx.access, input.ref, principal, 'upload');
  const { report } = input;
  const now = ctx.clock.now();
  const stoppedAt = report.stoppedAt === undefined && report.status && FINAL_STATUSES.has(report.status) ? now : dateOf(report.stoppedAt);
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
      stoppedAt,
    },
    now,
  );
  return jobView(job);
}
