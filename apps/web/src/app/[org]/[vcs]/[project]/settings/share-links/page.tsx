import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatProjectSlug } from '@stowage/contracts';
import { PageHeader } from '../../../../../../components/shell/page-header';
import { Notice } from '../../../../../../components/ui/notice';
import { isAdmin } from '../../../../../../features/organizations/roles';
import { ProjectSettingsNav } from '../../../../../../features/projects/project-settings-nav';
import { ShareLinksTable } from '../../../../../../features/share-links/share-links-table';
import { appPaths, parseProjectRoute } from '../../../../../../lib/app-paths';
import { loadOrganization, loadProject, loadShareLinksSetting } from '../../../../../../server/loaders';
import { getApi, getViewer, orNotFound } from '../../../../../../server/stowage-api';

type Props = { params: Promise<{ org: string; vcs: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const route = parseProjectRoute(await params);
  return { title: route ? `${route.project} · share links` : 'Not found' };
}

export default async function ProjectShareLinksPage({ params }: Props) {
  const route = parseProjectRoute(await params) ?? notFound();
  const [project, organization] = await Promise.all([loadProject(route.org, route.vcs, route.project), loadOrganization(route.org)]);
  // Visitors of a public project are not members: links are not theirs to see.
  if (!organization.role) notFound();
  const admin = isAdmin(organization.role);
  const [links, setting, viewer] = await Promise.all([
    orNotFound((await getApi()).call('listShareLinks', { params: { vcs: route.vcs, org: route.org, project: route.project } })),
    loadShareLinksSetting(route.org),
    getViewer(),
  ]);
  const slug = formatProjectSlug({ vcsType: project.vcsType, organization: route.org, project: project.name });

  return (
    <>
      <PageHeader
        eyebrow={`${project.name} · Settings`}
        title="Share links"
        description={
          <>
            Public links to artifacts of <span className="font-mono text-xs">{slug}</span>, opened without an account until they expire or are revoked.{' '}
            {admin ? 'As an organization admin you see and may revoke every link.' : 'You see the links you made.'}
          </>
        }
      />
      <ProjectSettingsNav route={route} current="share-links" />
      <div className="space-y-4">
        {!setting.enabled && (
          <Notice tone="warning" title="Share links are turned off for this organization">
            None of these links works, and no new one can be made, until an admin turns them on again in{' '}
            <Link href={appPaths.orgShareLinks(route.org)} className="underline">
              the organization&apos;s settings
            </Link>
            .
          </Notice>
        )}
        <ShareLinksTable links={links} project={route} viewer={{ userId: viewer.status === 'signed-in' ? viewer.me.id : null, admin }} />
      </div>
    </>
  );
}
