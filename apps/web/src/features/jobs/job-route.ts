import { notFound } from 'next/navigation';
import { parseJobNumber, parseProjectRoute, type ProjectRoute } from '../../lib/app-paths';

export type JobRouteParams = Promise<{ org: string; vcs: string; project: string; jobNumber: string }>;

/** The job a `/[org]/[vcs]/[project]/jobs/[jobNumber]` URL names; not found when it cannot name one. */
export async function resolveJobRoute(params: JobRouteParams): Promise<{ route: ProjectRoute; jobNumber: number }> {
  const raw = await params;
  const route = parseProjectRoute(raw);
  const jobNumber = parseJobNumber(raw.jobNumber);
  if (!route || jobNumber === null) notFound();
  return { route, jobNumber };
}
