import { JobNumberSchema, SlugPartSchema, VCS_ALIASES, type JobStatus, type VcsType } from '@stowage/contracts';

/** A project as addressed in this app's URLs: `/:org/:vcs/:project`. */
export interface ProjectRoute {
  org: string;
  vcs: VcsType;
  project: string;
}

export interface JobListFilters {
  branch?: string;
  status?: JobStatus;
  pageToken?: string;
}

const projectBase = (route: ProjectRoute) => `/${route.org}/${route.vcs}/${route.project}`;

/** Every page's URL, built in one place so links and redirects agree with the `app/` folders. */
export const appPaths = {
  home: () => '/',
  signIn: (returnTo?: string) => (returnTo && returnTo !== '/' ? `/sign-in?next=${encodeURIComponent(returnTo)}` : '/sign-in'),
  tokens: () => '/settings/tokens',
  org: (org: string) => `/${org}`,
  usage: (org: string) => `/${org}/settings/usage`,
  members: (org: string) => `/${org}/settings/members`,
  orgProjects: (org: string) => `/${org}/settings/projects`,
  orgShareLinks: (org: string) => `/${org}/settings/share-links`,
  project: (route: ProjectRoute, filters: JobListFilters = {}) => {
    const query = new URLSearchParams();
    if (filters.branch) query.set('branch', filters.branch);
    if (filters.status) query.set('status', filters.status);
    if (filters.pageToken) query.set('page', filters.pageToken);
    const search = query.toString();
    return search ? `${projectBase(route)}?${search}` : projectBase(route);
  },
  job: (route: ProjectRoute, jobNumber: number) => `${projectBase(route)}/jobs/${jobNumber}`,
  jobArtifacts: (route: ProjectRoute, jobNumber: number) => `${projectBase(route)}/jobs/${jobNumber}/artifacts`,
  jobDetails: (route: ProjectRoute, jobNumber: number) => `${projectBase(route)}/jobs/${jobNumber}/details`,
  /** The Compare tab; without a base the API picks the default one (docs/web-app.md). */
  jobCompare: (route: ProjectRoute, jobNumber: number, options: { base?: number; matchBy?: 'container' | 'path' } = {}) => {
    const query = new URLSearchParams();
    if (options.base !== undefined) query.set('base', String(options.base));
    if (options.matchBy === 'path') query.set('match', 'path');
    const search = query.toString();
    return `${projectBase(route)}/jobs/${jobNumber}/compare${search ? `?${search}` : ''}`;
  },
  projectTokens: (route: ProjectRoute) => `${projectBase(route)}/settings/tokens`,
  projectShareLinks: (route: ProjectRoute) => `${projectBase(route)}/settings/share-links`,
};

/**
 * The VCS type a URL segment names (`gh`, `GitHub`, …), or undefined. Only the alias table's own
 * keys count: `VCS_ALIASES['constructor']` or `['__proto__']` would otherwise find Object.prototype.
 */
export function vcsFromSegment(segment: string): VcsType | undefined {
  const key = segment.toLowerCase();
  return Object.hasOwn(VCS_ALIASES, key) ? VCS_ALIASES[key] : undefined;
}

/** Route parameters → a project reference, or null when they cannot name one (→ not found). */
export function parseProjectRoute(params: { org: string; vcs: string; project: string }): ProjectRoute | null {
  const vcs = vcsFromSegment(params.vcs);
  const org = SlugPartSchema.safeParse(params.org);
  const project = SlugPartSchema.safeParse(params.project);
  return vcs && org.success && project.success ? { org: org.data, vcs, project: project.data } : null;
}

export function parseOrgSlug(value: string): string | null {
  const parsed = SlugPartSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function parseJobNumber(value: string): number | null {
  if (!/^\d+$/.test(value)) return null;
  const parsed = JobNumberSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Where to go after signing in: only a path on this site. `//evil.example` and `/\evil.example`
 * are protocol-relative URLs to other hosts, so they are refused like absolute URLs.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
