import type { JobStatus, ProjectRef } from '@stowage/contracts';
import { jobStatusRecordOf, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { jobView } from './job.view';

const JOBS_PAGE_SIZE = 30;

/** A project's jobs, newest first, paged by job number (stable while new jobs arrive). */
export async function listJobs(
  ctx: Pick<ServerContext, 'access' | 'jobs'>,
  principal: Principal,
  input: { ref: ProjectRef; branch?: string; name?: string; status?: JobStatus; beforeNumber?: number },
) {
  const { project } = await requireProject(ctx.access, input.ref, principal, 'read');
  const jobs = await ctx.jobs.list(project.id, {
    branch: input.branch,
    name: input.name,
    status: input.status ? jobStatusRecordOf(input.status) : undefined,
    beforeNumber: input.beforeNumber,
    limit: JOBS_PAGE_SIZE + 1,
  });
  const page = jobs.slice(0, JOBS_PAGE_SIZE);
  return { items: page.map(jobView), next_page_token: jobs.length > JOBS_PAGE_SIZE ? String(page[page.length - 1].number) : null };
}
