export interface Crumb {
  label: string;
  href: string;
}

/** Settings pages by their last URL segment; a Map, so "constructor" or "__proto__" find nothing. */
const ORG_SETTINGS = new Map([
  ['usage', 'Usage Controls'],
  ['members', 'Members'],
  ['projects', 'Projects'],
]);
const PLAN_PAGES = new Set(['usage']);
const PROJECT_SETTINGS = new Map([['tokens', 'Project tokens']]);

/**
 * The trail for a path of this app: organization › project › job, or the settings page.
 * Derived from the URL alone, so the header needs no data from the page below it.
 */
export function breadcrumbTrail(pathname: string): Crumb[] {
  const segments = pathname.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
  if (segments.length === 0 || segments[0] === 'sign-in') return [];
  if (segments[0] === 'settings') return segments[1] === 'tokens' ? [{ label: 'Personal API tokens', href: '/settings/tokens' }] : [];

  const [org, second, project, section, item] = segments;
  const trail: Crumb[] = [{ label: org, href: `/${org}` }];
  if (second === 'settings') {
    const label = project ? ORG_SETTINGS.get(project) : undefined;
    // Usage Controls sits under Plan, as in CircleCI's docs ("Plan > Usage Controls").
    if (label && PLAN_PAGES.has(project)) trail.push({ label: 'Plan', href: `/${org}/settings/${project}` });
    if (label) trail.push({ label, href: `/${org}/settings/${project}` });
    return trail;
  }
  if (second && project) {
    const projectHref = `/${org}/${second}/${project}`;
    trail.push({ label: project, href: projectHref });
    if (section === 'jobs' && item) trail.push({ label: `Job #${item}`, href: `${projectHref}/jobs/${item}` });
    const settingsLabel = section === 'settings' && item ? PROJECT_SETTINGS.get(item) : undefined;
    if (settingsLabel) trail.push({ label: settingsLabel, href: `${projectHref}/settings/${item}` });
  }
  return trail;
}
