import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '../../../../components/shell/page-header';
import { Notice } from '../../../../components/ui/notice';
import { OrgSettingsNav } from '../../../../features/organizations/org-settings-nav';
import { isAdmin } from '../../../../features/organizations/roles';
import { CreateProjectForm } from '../../../../features/projects/create-project-form';
import { ProjectAdminRow } from '../../../../features/projects/project-admin-row';
import { sortProjects } from '../../../../features/projects/project-rules';
import { appPaths, parseOrgSlug } from '../../../../lib/app-paths';
import { countOf } from '../../../../lib/plural';
import { loadOrganization, loadProjects } from '../../../../server/loaders';

export const metadata: Metadata = { title: 'Projects · Settings' };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const org = parseOrgSlug((await params).org) ?? notFound();
  const organization = await loadOrganization(org);
  if (!organization.role) notFound();
  const header = <PageHeader eyebrow={`${organization.name} · Settings`} title="Projects" description="Create projects, rename them, change who can see them, or delete them." />;

  if (!isAdmin(organization.role)) {
    return (
      <>
        {header}
        <OrgSettingsNav organization={organization} current="projects" />
        <Notice tone="info" title="Projects are managed by admins">
          Ask an organization admin to create, rename or delete a project. The projects themselves are on the{' '}
          <Link href={appPaths.org(org)} className="underline">
            organization page
          </Link>
          .
        </Notice>
      </>
    );
  }

  const projects = sortProjects(await loadProjects(org));
  return (
    <>
      {header}
      <OrgSettingsNav organization={organization} current="projects" />
      <div className="space-y-4">
        <CreateProjectForm org={org} />
        <section aria-labelledby="projects-heading" className="rounded-md border border-zinc-200 bg-white">
          <h2 id="projects-heading" className="border-b border-zinc-200 px-4 py-3 text-sm font-semibold text-zinc-900">
            {countOf(projects.length, 'project')}
          </h2>
          {projects.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-zinc-600">No projects yet: create the first one above.</p>
          ) : (
            <ul aria-labelledby="projects-heading" className="divide-y divide-zinc-100">
              {projects.map((project) => (
                <ProjectAdminRow key={project.id} org={org} project={project} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
