import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatProjectSlug } from '@stowage/contracts';
import { PageHeader } from '../../../../../../components/shell/page-header';
import { Notice } from '../../../../../../components/ui/notice';
import { isAdmin } from '../../../../../../features/organizations/roles';
import { ProjectSettingsNav } from '../../../../../../features/projects/project-settings-nav';
import { CreateProjectTokenForm } from '../../../../../../features/tokens/create-project-token-form';
import { TokensTable } from '../../../../../../features/tokens/tokens-table';
import { appPaths, parseProjectRoute } from '../../../../../../lib/app-paths';
import { loadOrganization, loadProject } from '../../../../../../server/loaders';
import { getApi, orNotFound } from '../../../../../../server/stowage-api';

type Props = { params: Promise<{ org: string; vcs: string; project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const route = parseProjectRoute(await params);
  return { title: route ? `${route.project} · tokens` : 'Not found' };
}

export default async function ProjectTokensPage({ params }: Props) {
  const route = parseProjectRoute(await params) ?? notFound();
  const [project, organization] = await Promise.all([loadProject(route.org, route.vcs, route.project), loadOrganization(route.org)]);
  const slug = formatProjectSlug({ vcsType: project.vcsType, organization: route.org, project: project.name });
  const header = (
    <PageHeader
      eyebrow={`${project.name} · Settings`}
      title="Project tokens"
      description={
        <>
          Tokens for CI agents and clients of <span className="font-mono text-xs">{slug}</span> only: <strong>Upload</strong> stores artifacts,{' '}
          <strong>Read</strong> downloads them from a private project.
        </>
      }
    />
  );

  // Visitors of a public project are not members: its settings are not theirs to see.
  if (!organization.role) notFound();
  if (!isAdmin(organization.role)) {
    return (
      <>
        {header}
        <ProjectSettingsNav route={route} current="tokens" />
        <Notice tone="info" title="Project tokens are managed by admins">
          Ask an organization admin for a token, or use a{' '}
          <Link href={appPaths.tokens()} className="underline">
            personal API token
          </Link>
          .
        </Notice>
      </>
    );
  }

  const tokens = await orNotFound((await getApi()).call('listProjectTokens', { params: { vcs: route.vcs, org: route.org, project: route.project } }));
  return (
    <>
      {header}
      <ProjectSettingsNav route={route} current="tokens" />
      <div className="space-y-4">
        <CreateProjectTokenForm route={route} projectSlug={slug} />
        <TokensTable tokens={tokens} caption={`Tokens of ${slug}`} project={route} showScope />
      </div>
    </>
  );
}
