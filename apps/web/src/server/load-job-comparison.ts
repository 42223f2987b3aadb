import 'server-only';
import { ApiError, type ApiClient } from '@stowage/api-client';
import type { ComparisonMatch, JobComparison } from '@stowage/contracts';
import type { ProjectRoute } from '../lib/app-paths';

/** The largest page the API serves: a comparison of two 10,000-file jobs is one request. */
const PAGE_SIZE = 10_000;
/** A runaway guard, as in listAllJobArtifacts. */
const MAX_PAGES = 100;

export type LoadedComparison = { status: 'compared'; comparison: JobComparison } | { status: 'no-base'; message: string };

/**
 * The whole comparison of a job with its base: every added, removed and changed file (unchanged
 * ones are only counted, in the totals), following `next_page_token` to the end. The caller has
 * already read the job, so a 404 here is about the base: none by default, or no such job.
 */
export async function loadJobComparison(
  api: ApiClient,
  route: ProjectRoute,
  jobNumber: number,
  options: { base?: number; matchBy: ComparisonMatch },
): Promise<LoadedComparison> {
  const params = { vcs: route.vcs, org: route.org, project: route.project, jobNumber };
  let comparison: JobComparison | undefined;
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let result: JobComparison;
    try {
      result = await api.call('compareJobs', {
        params,
        query: { base: options.base, matchBy: options.matchBy, status: 'added,removed,changed', 'page-size': PAGE_SIZE, 'page-token': pageToken },
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { status: 'no-base', message: error.body.message };
      throw error;
    }
    if (comparison) comparison.items.push(...result.items);
    else comparison = result;
    if (!result.next_page_token) return { status: 'compared', comparison: { ...comparison, next_page_token: null } };
    pageToken = result.next_page_token;
  }
  throw new Error(`comparing job ${jobNumber} did not end after ${MAX_PAGES} pages`);
}
