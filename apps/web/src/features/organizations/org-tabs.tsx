import type { Organization } from '@stowage/contracts';
import { TabNav } from '../../components/ui/tab-nav';
import { appPaths } from '../../lib/app-paths';

export function OrgTabs({ organization, current }: { organization: Organization; current: 'projects' | 'usage' }) {
  const items = [{ href: appPaths.org(organization.slug), label: 'Projects', active: current === 'projects' }];
  // Visitors of a public project are not members: usage is for members only.
  if (organization.role) items.push({ href: appPaths.usage(organization.slug), label: 'Usage Controls', active: current === 'usage' });
  return (
    <div className="mb-5">
      <TabNav label="Organization" items={items} />
    </div>
  );
}
