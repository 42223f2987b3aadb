import type { Organization } from '@stowage/contracts';
import { TabNav } from '../../components/ui/tab-nav';
import { orgSettingsLinks, type OrgSettingsSection } from './roles';

/**
 * The settings pages of one organization (Usage Controls, Members, Projects), as page tabs: a
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
