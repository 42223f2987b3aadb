import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { JobStatusSchema, formatProjectSlug } from '@stowage/contracts';
import { PageHeader } from '../../../../components/shell/page-header';
import { Badge } from '../../../../components/ui/badge';
import { buttonStyles } from '../../../../components/ui/button';
import { EmptyState } from '../../../../components/ui/empty-state';
import { JobFilters } from '../../../../features/jobs/job-filters';
import { isAdmin, isMember } from '../../../../features/organizations/roles';
import { JobsTable } from '../../../../features/jobs/jobs-table';
import { appPaths, parseProjectRoute } from '../../../../lib/app-paths';
import { loadOrganization, loadProject } from '../../../../server/loaders';
import { getApi, orNotFound } from '../../../../server/stowage-api';

type Props = {
  params: Promise<{ org: string; vcs: string; project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const route = parseProjectRoute(await params);
  return { title: route ? `${route.project} · jobs` : 'Not found' };
}

export default async function ProjectPage({ params, searchParams }: Props) {
  const route = parseProjectRoute(await params) ?? notFound();
  const query = await searchParams;
  const branch = first(query.branch)?.trim() || undefined;
  const statusParse = JobStatusSchema.safeParse(first(query.status));
  const status = statusParse.success ? statusParse.data : undefined;
  const pageToken = first(query.page);

  const api = await getApi();
  const [project, organization, jobs] = await Promise.all([
    loadProject(route.org, route.vcs, route.project),
    loadOrganization(route.org),
    orNotFound(
      api.call('listJobs', {
        params: { vcs: route.vcs, org: route.org, project: route.project },
        query: { branch, status, 'page-token': pageToken },
      }),
    ),
  ]);
  // The API pages newest first; sorting the page again only guards the reading order.
  const items = [...jobs.items].sort((a, b) => b.number - a.number);
  const filtered = Boolean(branch || status);

  return (
    <>
      <PageHeader
        eyebrow="Project"
        title={
          <>
            {project.name}
            <Badge tone={project.isPrivate ? 'neutral' : 'blue'}>{project.isPrivate ? 'Private' : 'Public'}</Badge>
          </>
        }
        description={<span className="font-mono text-xs">{formatProjectSlug({ vcsType: project.vcsType, organization: route.org, project: project.name })}</span>}
        actions={
          isMember(organization.role) && (
            <nav aria-label="Project settings" className="flex flex-wrap gap-2">
              <Link href={appPaths.projectShareLinks(route)} className={buttonStyles({ size: 'sm' })}>
                Share links
              </Link>
              {isAdmin(organization.role) && (
                <>
                  <Link href={appPaths.projectTokens(route)} className={buttonStyles({ size: 'sm' })}>
                    Project tokens
                  </Link>
                  <Link href={appPaths.orgProjects(route.org)} className={buttonStyles({ size: 'sm' })}>
                    Rename or delete
                  </Link>
                </>
              )}
            </nav>
          )
        }
      />
      <JobFilters route={route} branch={branch} status={status} />
      {items.length === 0 ? (
        <EmptyState title={filtered ? 'No jobs match these filters' : pageToken ? 'No more jobs' : 'No jobs yet'}>
          {filtered
            ? 'Try another branch or status.'
            : 'Jobs appear here when CI uploads their first artifacts, or when an integration reports them through the API.'}
        </EmptyState>
      ) : (
        <JobsTable route={route} jobs={items} now={new Date()} />
      )}
      <nav aria-label="Pagination" className="mt-3 flex items-center justify-between gap-2">
        {pageToken ? (
          <Link href={appPaths.project(route, { branch, status })} className={buttonStyles({ size: 'sm' })}>
            ← Newest jobs
          </Link>
        ) : (
          <span />
        )}
        {jobs.next_page_token && (
          <Link href={appPaths.project(route, { branch, status, pageToken: jobs.next_page_token })} className={buttonStyles({ size: 'sm' })}>
            Older jobs →
          </Link>
        )}
      </nav>
    </>
  );
}
