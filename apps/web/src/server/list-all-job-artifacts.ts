import 'server-only';
import type { ArtifactDetail } from '@stowage/contracts';
import type { ProjectRoute } from '../lib/app-paths';
import type { ApiClient } from '@stowage/api-client';

/** The largest page the API serves; most jobs fit in one request. */
const PAGE_SIZE = 10_000;
/** A runaway guard: a page token that never ends would otherwise loop forever. */
const MAX_PAGES = 100;

/** Every artifact of a job (or those whose path starts with `prefix`), following `next_page_token` to the end. */
export async function listAllJobArtifacts(api: ApiClient, route: ProjectRoute, jobNumber: number, prefix?: string): Promise<ArtifactDetail[]> {
  const params = { vcs: route.vcs, org: route.org, project: route.project, jobNumber };
  const artifacts: ArtifactDetail[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await api.call('listJobArtifacts', { params, query: { prefix, 'page-size': PAGE_SIZE, 'page-token': pageToken } });
    for (const artifact of result.items) artifacts.push(artifact);
    if (!result.next_page_token) return artifacts;
    pageToken = result.next_page_token;
  }
  throw new Error(`listing the artifacts of job ${jobNumber} did not end after ${MAX_PAGES} pages`);
}
