import { formatProjectSlug, type Project as ProjectView } from '@stowage/contracts';
import { vcsTypeOf, type ProjectWithOrganization } from '@stowage/domain';

export function projectView(project: ProjectWithOrganization): ProjectView {
  const vcsType = vcsTypeOf(project.vcsType);
  return {
    id: project.id,
    slug: formatProjectSlug({ vcsType, organization: project.organization.slug, project: project.name }),
    vcsType,
    organization: project.organization.slug,
    name: project.name,
    isPrivate: project.isPrivate,
    defaultBranch: project.defaultBranch,
  };
}
