import { formatProjectSlug, type ApiToken, type Organization as OrganizationView, type Project as ProjectView, type VcsType } from '@stowage/contracts';
import type { ApiToken as ApiTokenRow, MembershipRole, Organization, Project } from '@stowage/server-db';

// Database rows → the shapes `@stowage/contracts` promises clients.

export const vcsTypeOf = (value: Project['vcsType']): VcsType => value.toLowerCase() as VcsType;
export const roleOf = (role: MembershipRole | null) => (role ? (role.toLowerCase() as 'admin' | 'member') : null);

export function organizationView(organization: Organization, role: MembershipRole | null): OrganizationView {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    artifactRetentionDays: organization.artifactRetentionDays,
    role: roleOf(role),
  };
}

export function projectView(project: Project & { organization: Organization }): ProjectView {
  const vcsType = vcsTypeOf(project.vcsType);
  return {
    id: project.id,
    slug: formatProjectSlug({ vcsType, organization: project.organization.slug, project: project.name }),
    vcsType,
    organization: project.organization.slug,
    name: project.name,
    isPrivate: project.isPrivate,
  };
}

export function apiTokenView(token: ApiTokenRow & { project?: (Project & { organization: Organization }) | null }): ApiToken {
  return {
    id: token.id,
    kind: token.kind === 'PERSONAL' ? 'personal' : 'project',
    scope: token.scope.toLowerCase() as ApiToken['scope'],
    name: token.name,
    prefix: token.prefix,
    project: token.project ? projectView(token.project).slug : null,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
