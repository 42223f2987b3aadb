import { SlugPartSchema } from './common';

/**
 * Names an organization's slug cannot take, because the web app serves something else at
 * `/<name>`: its own pages (`settings`, `sign-in`), the paths it forwards to the API (`api`,
 * `output`, `cli`), share links' pages (`s`), Next.js's assets (`_next`), files at the root (`icon.svg`), and the
 * files browsers and crawlers ask every site for (`favicon.ico`, `robots.txt`). The web app's tests read
 * apps/web/src/app and its proxy and fail when a top-level route is missing here.
 * Compared without regard to case, so no organization is a different-case twin of a route.
 */
export const RESERVED_ORGANIZATION_SLUGS = [
  '_next',
  'api',
  'cli',
  'favicon.ico',
  'icon.svg',
  'output',
  'robots.txt',
  's',
  'settings',
  'sign-in',
] as const;

export function isReservedOrganizationSlug(slug: string): boolean {
  return (RESERVED_ORGANIZATION_SLUGS as readonly string[]).includes(slug.toLowerCase());
}

export const reservedOrganizationSlugMessage = (slug: string) =>
  `"${slug}" is reserved for the web app's own routes; an organization slug cannot be any of (in any case): ${RESERVED_ORGANIZATION_SLUGS.join(', ')}`;

/** A new organization's slug: a slug part that names no route of the web app. Existing slugs are looked up with `SlugPartSchema`. */
export const OrganizationSlugSchema = SlugPartSchema.refine((slug) => !isReservedOrganizationSlug(slug), {
  error: (issue) => reservedOrganizationSlugMessage(String(issue.input)),
});
