import { forbidden, notFound, unauthorized } from '../errors';
import type { MembershipRole, ProjectWithOrganization } from '../model';
import type { OrganizationPermission, Principal, ProjectPermission } from './principal';

/**
 * Who may do what, as pure rules over facts the access repository reads in one query. Every use
 * case asks here; nothing else decides. Private projects are readable only by members of their
 * organization and look exactly like missing ones to everybody else (404, never 403); public
 * visibility never grants writing; a project token acts only on its own project, with its scope
 * (UPLOAD, READ, or UPLOAD_READ for both).
 */

/** Only a user has a role; a project token never acts with its creator's. */
export const userIdOf = (principal: Principal): string | null => (principal.kind === 'user' ? principal.userId : null);

/** Passes when `principal` may act on `project` with `permission`, else throws the error the rules demand. */
export function authorizeProject(project: ProjectWithOrganization, role: MembershipRole | null, principal: Principal, permission: ProjectPermission): void {
  const ownToken = principal.kind === 'project-token' && principal.projectId === project.id ? principal : null;
  const canRead = !project.isPrivate || role !== null || ownToken?.scope === 'READ' || ownToken?.scope === 'UPLOAD_READ';
  const knowsProject = canRead || ownToken !== null;
  const canUpload = role !== null || ownToken?.scope === 'UPLOAD' || ownToken?.scope === 'UPLOAD_READ';
  const allowed = permission === 'read' ? canRead : permission === 'upload' ? canUpload : role === 'ADMIN';
  if (allowed) return;
  if (!knowsProject) throw notFound(`project ${project.organization.slug}/${project.name}`);
  if (principal.kind === 'anonymous') throw unauthorized();
  throw forbidden(
    permission === 'upload'
      ? 'this token or user may not upload to this project'
      : permission === 'admin'
        ? 'only organization admins may do this'
        : 'this token may not read this project',
  );
}

/**
 * Whether a caller who declares bytes by their SHA-256 may be told "this project already holds
 * them, send nothing". That answer reveals that the project holds those bytes, so only a caller
 * who may read the project's artifacts anyway gets it: a user with a role in the project's
 * organization, or a project token of this project that both uploads and reads (UPLOAD_READ).
 * An upload-only token always sends its bytes, even on a public project: it was trusted to add
 * artifacts, not to probe for them. Everyone else cannot upload here at all. Public projects need
 * no exception: stored bytes are per project, so this project's answer never tells of another's.
 */
export function maySkipStoredBytes(role: MembershipRole | null, principal: Principal, projectId: string): boolean {
  if (principal.kind === 'user') return role !== null;
  if (principal.kind === 'project-token') return principal.projectId === projectId && principal.scope === 'UPLOAD_READ';
  return false;
}

/** An organization is visible to its members, and to anyone when it has a public project. */
export function authorizeOrganization(
  organization: { slug: string; hasPublicProject: boolean },
  role: MembershipRole | null,
  principal: Principal,
  permission: OrganizationPermission,
): void {
  if (permission === 'admin' && role === 'ADMIN') return;
  if ((permission === 'member' || permission === 'read') && role !== null) return;
  if (permission === 'read' && organization.hasPublicProject) return;
  // Someone who can see the organization learns they may not do this; anyone else learns nothing.
  if (role !== null || organization.hasPublicProject) {
    if (principal.kind === 'anonymous') throw unauthorized();
    throw forbidden('only organization admins may do this');
  }
  throw notFound(`organization ${organization.slug}`);
}

/** Things only a signed-in user (or a personal token) does: sessions, personal tokens, creating project tokens. */
export function requireUser(principal: Principal): string {
  if (principal.kind === 'user') return principal.userId;
  if (principal.kind === 'anonymous') throw unauthorized();
  throw forbidden('project tokens cannot do this; use a personal token');
}
