import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '../../components/shell/page-header';
import { Badge } from '../../components/ui/badge';
import { EmptyState } from '../../components/ui/empty-state';
import { OrgTabs } from '../../features/organizations/org-tabs';
import { appPaths, parseOrgSlug } from '../../lib/app-paths';
import { loadOrganization, loadProjects } from '../../server/loaders';

type Props = { params: Promise<{ org: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const org = parseOrgSlug((await params).org);
  return { title: org ? (await loadOrganization(org)).name : 'Not found' };
}

export default async function OrganizationPage({ params }: Props) {
  const org = parseOrgSlug((await params).org) ?? notFound();
  const [organization, projects] = await Promise.all([loadOrganization(org), loadProjects(org)]);
  const sorted = [...projects].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageHeader
        eyebrow="Organization"
        title={
          <>
            {organization.name}
            {organization.role && <Badge tone={organization.role === 'admin' ? 'violet' : 'neutral'}>{organization.role}</Badge>}
          </>
        }
        description={`Artifacts are kept ${organization.artifactRetentionDays} days.`}
      />
      <OrgTabs organization={organization} current="projects" />
      {sorted.length === 0 ? (
        <EmptyState title="No projects yet">
          Projects appear here once an admin creates them (<code className="font-mono">POST /api/stowage/v1/organizations/{org}/projects</code>)
          or a CI job uploads artifacts with a project token.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-md border border-zinc-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Projects of {organization.name}</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Project
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                  Slug
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Visibility
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {sorted.map((project) => (
                <tr key={project.id} className="hover:bg-zinc-50">
                  <td className="px-3 py-2">
                    <Link
                      href={appPaths.project({ org, vcs: project.vcsType, project: project.name })}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      {project.name}
                    </Link>
                    <span className="ml-2 text-xs text-zinc-500">{project.vcsType}</span>
                  </td>
                  <td className="hidden px-3 py-2 font-mono text-xs text-zinc-600 sm:table-cell">{project.slug}</td>
                  <td className="px-3 py-2 text-right">
                    <Badge tone={project.isPrivate ? 'neutral' : 'blue'}>{project.isPrivate ? 'Private' : 'Public'}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
