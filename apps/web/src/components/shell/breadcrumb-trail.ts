export interface Crumb {
  label: string;
  href: string;
}

/**
 * The trail for a path of this app: organization › project › job, or the settings page.
 * Derived from the URL alone, so the header needs no data from the page below it.
 */
export function breadcrumbTrail(pathname: string): Crumb[] {
  const segments = pathname.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
  if (segments.length === 0 || segments[0] === 'sign-in') return [];
  if (segments[0] === 'settings') return segments[1] === 'tokens' ? [{ label: 'Personal API tokens', href: '/settings/tokens' }] : [];

  const [org, second, project, jobs, jobNumber] = segments;
  const trail: Crumb[] = [{ label: org, href: `/${org}` }];
  if (second === 'settings') {
    if (project === 'usage') trail.push({ label: 'Usage Controls', href: `/${org}/settings/usage` });
    return trail;
  }
  if (second && project) {
    trail.push({ label: project, href: `/${org}/${second}/${project}` });
    if (jobs === 'jobs' && jobNumber) trail.push({ label: `Job #${jobNumber}`, href: `/${org}/${second}/${project}/jobs/${jobNumber}` });
  }
  return trail;
}
