import { TabNav } from '../../components/ui/tab-nav';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';

export type ProjectSettingsSection = 'share-links' | 'tokens';

/** A project's settings pages, as page tabs. Members open both: tokens read-only, their own share links. */
export function ProjectSettingsNav({ route, current }: { route: ProjectRoute; current: ProjectSettingsSection }) {
  const items = [
    { href: appPaths.projectShareLinks(route), label: 'Share links', active: current === 'share-links' },
    { href: appPaths.projectTokens(route), label: 'Project tokens', active: current === 'tokens' },
  ];
  return (
    <div className="mb-5">
      <TabNav label="Project settings" items={items} />
    </div>
  );
}
