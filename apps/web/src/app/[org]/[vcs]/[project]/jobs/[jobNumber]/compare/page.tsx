import { CompareTab } from '../../../../../../../features/compare/compare-tab';
import { resolveJobRoute, type JobRouteParams } from '../../../../../../../features/jobs/job-route';
import { parseJobNumber } from '../../../../../../../lib/app-paths';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `?base=N` picks the base job (else the API's default), `?match=path` matches files across containers. */
export default async function JobComparePage({ params, searchParams }: { params: JobRouteParams; searchParams: SearchParams }) {
  const { route, jobNumber } = await resolveJobRoute(params);
  const { base, match } = await searchParams;
  const baseNumber = typeof base === 'string' && base.trim() !== '' ? parseJobNumber(base.trim()) : null;
  return <CompareTab route={route} jobNumber={jobNumber} base={baseNumber ?? undefined} matchBy={match === 'path' ? 'path' : 'container'} />;
}
