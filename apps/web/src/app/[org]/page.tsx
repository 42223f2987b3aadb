import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '../../components/shell/page-header';
import { Badge } from '../../components/ui/badge';
import { buttonStyles } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { orgSettingsLinks, isAdmin } from '../../features/organizations/roles';
import { SettingsIcon } from '../../features/organizations/settings-icon';
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
  const settings = orgSettingsLinks(org, organization.role);

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
        actions={
          settings.length > 0 && (
            <nav aria-label="Organization settings" className="flex flex-wrap items-center gap-2">
              <SettingsIcon className="size-4 text-zinc-400" />
              {settings.map((link) => (
                <Link key={link.href} href={link.href} className={buttonStyles({ size: 'sm' })}>
                  {link.section === 'projects' ? 'Manage projects' : link.label}
                </Link>
              ))}
            </nav>
          )
        }
      />
      {sorted.length === 0 ? (
        <EmptyState
          title="No projects yet"
          actions={
            isAdmin(organization.role) && (
              <Link href={appPaths.orgProjects(org)} className={buttonStyles({ variant: 'primary' })}>
                Create a project
              </Link>
            )
          }
        >
          Projects appear here once an admin creates them; CI jobs then upload artifacts with a project token.
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
