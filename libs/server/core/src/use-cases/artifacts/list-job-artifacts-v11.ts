import { JobNumberSchema, V11LatestQuerySchema, type ProjectRef, type V11Artifact } from '@stowage/contracts';
import { artifactUrl, notFound, type Job, type JobStatusRecord, type Principal } from '@stowage/domain';
import { requireJob, requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { parseInput } from '../parse-input';

type Ctx = Pick<ServerContext, 'access' | 'jobs' | 'artifacts' | 'clock' | 'config'>;

// CircleCI's `latest` filters: completed = finished in any way.
const LATEST_STATUSES: Record<'completed' | 'successful' | 'failed' | 'running', readonly JobStatusRecord[]> = {
  completed: ['SUCCESS', 'FAILED', 'CANCELED'],
  successful: ['SUCCESS'],
  failed: ['FAILED'],
  running: ['RUNNING'],
};

/**
 * A job named by number as CircleCI's routes do (project, role and job in one query). Access is
 * decided before the number is judged: a hidden project is a 404 whatever follows it.
 */
export async function requireNumberedJob(ctx: Pick<ServerContext, 'access'>, principal: Principal, ref: ProjectRef, jobNumber: string, param: string): Promise<Job> {
  const parsed = JobNumberSchema.safeParse(jobNumber);
  if (!parsed.success) await requireProject(ctx.access, ref, principal, 'read');
  const number = parsed.success ? parsed.data : parseInput(JobNumberSchema, jobNumber, param);
  return (await requireJob(ctx.access, ref, number, principal, 'read')).job;
}

/** v1.1: a job's available artifacts, all at once; `latest` names the newest job on a branch with a filter. */
export async function listJobArtifactsV11(
  ctx: Ctx,
  principal: Principal,
  input: { ref: ProjectRef; jobNumber: string; branch?: unknown; filter?: unknown },
): Promise<V11Artifact[]> {
  let job: Job;
  if (input.jobNumber === 'latest') {
    const { project } = await requireProject(ctx.access, input.ref, principal, 'read');
    const { branch, filter } = parseInput(V11LatestQuerySchema, { branch: input.branch, filter: input.filter }, 'query');
    const latest = await ctx.jobs.latest(project.id, { branch, statuses: filter ? LATEST_STATUSES[filter] : undefined });
    if (!latest) throw notFound(`a job${branch ? ` on branch ${branch}` : ''}${filter ? ` with filter ${filter}` : ''}`);
    job = latest;
  } else {
    job = await requireNumberedJob(ctx, principal, input.ref, input.jobNumber, 'build_num');
  }
  const rows = await ctx.artifacts.listAvailable(job.id, ctx.clock.now(), { limit: 1_000_000 });
  return rows.map((row) => ({ path: row.path, pretty_path: row.path, node_index: row.nodeIndex, url: artifactUrl(ctx.config.artifactsUrl, job.id, row.nodeIndex, row.path) }));
}
