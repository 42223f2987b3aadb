import type { Role } from '@stowage/contracts';
import { appPaths } from '../../lib/app-paths';

/** The caller's role in an organization, as the API reports it: null for visitors of public projects. */
export type ViewerRole = Role | null | undefined;

/** Admins manage members, projects, tokens and artifacts; the API enforces it, the UI only follows. */
export const isAdmin = (role: ViewerRole): role is 'admin' => role === 'admin';
/** Members (and admins) see the organization's settings, read-only for members. */
export const isMember = (role: ViewerRole): role is Role => role === 'admin' || role === 'member';

export const ROLE_LABELS: ReadonlyMap<Role, string> = new Map([
  ['admin', 'Admin'],
  ['member', 'Member'],
]);
export const roleLabel = (role: Role): string => ROLE_LABELS.get(role) ?? role;

export type OrgSettingsSection = 'plan' | 'members' | 'projects' | 'share-links';

export interface OrgSettingsLink {
  section: OrgSettingsSection;
  label: string;
  href: string;
}

/**
 * An organization's settings pages that this role may open, in menu order: members see Plan (Usage
 * Controls), Members and Share links (read-only where they cannot act); only admins manage projects;
 * visitors see none.
 * CircleCI's docs send admins to **Plan > Usage Controls** for retention, so the entry is named Plan.
 */
export function orgSettingsLinks(org: string, role: ViewerRole): OrgSettingsLink[] {
  if (!isMember(role)) return [];
  const links: OrgSettingsLink[] = [
    { section: 'plan', label: 'Plan', href: planLinks(org)[0].href },
    { section: 'members', label: 'Members', href: appPaths.members(org) },
  ];
  if (isAdmin(role)) links.push({ section: 'projects', label: 'Projects', href: appPaths.orgProjects(org) });
  links.push({ section: 'share-links', label: 'Share links', href: appPaths.orgShareLinks(org) });
  return links;
}

export type PlanPage = 'usage';

/** The pages under Plan, in menu order (Usage Controls is the one Stowage has: retention and usage). */
export function planLinks(org: string): Array<{ page: PlanPage; label: string; href: string }> {
  return [{ page: 'usage', label: 'Usage Controls', href: appPaths.usage(org) }];
}
