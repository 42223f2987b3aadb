import type { Organization } from '@stowage/contracts';
import { TabNav } from '../../components/ui/tab-nav';
import { orgSettingsLinks, planLinks, type OrgSettingsSection, type PlanPage } from './roles';

/**
 * The settings pages of one organization (Plan, Members, Projects), as page tabs: a
 * labelled `<nav>` of links, the current one `aria-current="page"`, scrolling sideways on a phone.
 */
export function OrgSettingsNav({ organization, current }: { organization: Pick<Organization, 'slug' | 'role'>; current: OrgSettingsSection }) {
  const links = orgSettingsLinks(organization.slug, organization.role);
  if (links.length === 0) return null;
  return (
    <div className="mb-5">
      <TabNav label="Organization settings" items={links.map((link) => ({ href: link.href, label: link.label, active: link.section === current }))} />
    </div>
  );
}

/** The pages under Plan, below the settings tabs: the second step of CircleCI's "Plan > Usage Controls". */
export function PlanNav({ org, current }: { org: string; current: PlanPage }) {
  return (
    <div className="mb-5">
      <TabNav label="Plan" items={planLinks(org).map((link) => ({ href: link.href, label: link.label, active: link.page === current }))} />
    </div>
  );
}
