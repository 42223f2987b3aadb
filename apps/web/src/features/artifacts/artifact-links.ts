import { buildPath } from '@stowage/api-client';
import { ARCHIVE_PATH, type VcsType } from '@stowage/contracts';

export interface JobRef {
  vcs: VcsType;
  org: string;
  project: string;
  jobNumber: number;
}

/**
 * "Download all" as one zip: the whole job, one container (`node_index`), or one folder of a
 * container (`node_index` and `prefix`, a path prefix ending in "/").
 */
export function archiveHref(job: JobRef, scope: { nodeIndex?: number; prefix?: string } = {}): string {
  const path = buildPath(ARCHIVE_PATH, { vcs: job.vcs, org: job.org, project: job.project, jobNumber: job.jobNumber });
  const query = new URLSearchParams();
  if (scope.nodeIndex !== undefined) query.set('node_index', String(scope.nodeIndex));
  if (scope.prefix) query.set('prefix', scope.prefix);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The API answers absolute artifact URLs on its own origin. The browser reaches the API through
 * this app's `/output` and `/api` rewrites, so those become same-origin paths (cookies stay
 * first-party, previews need no CORS). Other origins (a separate artifacts host, presigned
 * storage URLs) are kept as they are.
 */
export function browserHref(url: string, apiBaseUrl: string): string {
  let target: URL;
  let api: URL;
  try {
    api = new URL(apiBaseUrl);
    target = new URL(url, api);
  } catch {
    return url;
  }
  const proxied = target.pathname.startsWith('/output/') || target.pathname.startsWith('/api/');
  return target.origin === api.origin && proxied ? `${target.pathname}${target.search}` : target.href;
}
