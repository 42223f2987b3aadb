import type { ProjectRef } from '@stowage/contracts';
import { forbidden, notFound, unauthorized, type Clock } from '@stowage/domain';
import type { Db, MembershipRole, Organization, Project } from '@stowage/server-db';
import { hashSecret } from './secret';
import { ANONYMOUS, type OrganizationPermission, type Principal, type ProjectPermission } from './principal';

export type ProjectWithOrganization = Project & { organization: Organization };
export interface ProjectAccess {
  project: ProjectWithOrganization;
  role: MembershipRole | null;
}

const VCS_TO_DB = { github: 'GITHUB', bitbucket: 'BITBUCKET', circleci: 'CIRCLECI' } as const;
// Writing last-use on every request would make every read a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authentication (tokens, sessions) and the one set of rules for who may do what:
 * private projects are readable only by members of their organization and look exactly like missing
 * ones to everybody else (404, never 403); public visibility never grants writing.
 */
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async authenticate(credentials: { token?: string; sessionSecret?: string }): Promise<Principal> {
    if (credentials.token) return this.authenticateToken(credentials.token);
    if (credentials.sessionSecret) {
      const session = await this.db.session.findUnique({ where: { secretHash: hashSecret(credentials.sessionSecret) } });
      if (session && session.expiresAt > this.clock.now()) return { kind: 'user', userId: session.userId };
    }
    return ANONYMOUS;
  }

  private async authenticateToken(secret: string): Promise<Principal> {
    const token = await this.db.apiToken.findUnique({ where: { secretHash: hashSecret(secret) } });
    // A wrong or revoked token is refused outright, even where anonymous access would be allowed,
    // so a client learns at once that its credentials are bad.
    if (!token || token.revokedAt) throw unauthorized('invalid or revoked API token');
    const now = this.clock.now();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    if (token.kind === 'PERSONAL') return { kind: 'user', userId: token.userId, tokenId: token.id };
    return {
      kind: 'project-token',
      projectId: token.projectId as string,
      scope: token.scope === 'UPLOAD' ? 'UPLOAD' : 'READ',
      tokenId: token.id,
      userId: token.userId,
    };
  }

  async roleIn(principal: Principal, organizationId: string): Promise<MembershipRole | null> {
    if (principal.kind !== 'user') return null;
    const membership = await this.db.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId: principal.userId } },
    });
    return membership?.role ?? null;
  }

  async findProject(ref: ProjectRef): Promise<ProjectWithOrganization | null> {
    return this.db.project.findFirst({
      where: { vcsType: VCS_TO_DB[ref.vcsType], name: ref.project, organization: { slug: ref.organization } },
      include: { organization: true },
    });
  }

  /** Loads a project the principal may act on, or fails with the status the rules above demand. */
  async requireProject(ref: ProjectRef, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    const project = await this.findProject(ref);
    if (!project) throw notFound(`project ${ref.organization}/${ref.project}`);
    return this.authorizeProject(project, principal, permission);
  }

  async authorizeProject(project: ProjectWithOrganization, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    const role = await this.roleIn(principal, project.organizationId);
    const ownToken = principal.kind === 'project-token' && principal.projectId === project.id ? principal : null;
    const canRead = !project.isPrivate || role !== null || ownToken?.scope === 'READ';
    const knowsProject = canRead || ownToken !== null;
    const allowed =
      permission === 'read' ? canRead : permission === 'upload' ? role !== null || ownToken?.scope === 'UPLOAD' : role === 'ADMIN';
    if (allowed) return { project, role };
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

  /** An organization is visible to its members, and to anyone when it has a public project. */
  async requireOrganization(slug: string, principal: Principal, permission: OrganizationPermission): Promise<{ organization: Organization; role: MembershipRole | null }> {
    const organization = await this.db.organization.findUnique({ where: { slug } });
    if (!organization) throw notFound(`organization ${slug}`);
    const role = await this.roleIn(principal, organization.id);
    if (permission === 'admin' && role === 'ADMIN') return { organization, role };
    if (permission === 'member' && role !== null) return { organization, role };
    if (permission === 'read' && role !== null) return { organization, role };
    const hasPublicProject =
      permission === 'read' && (await this.db.project.count({ where: { organizationId: organization.id, isPrivate: false } })) > 0;
    if (hasPublicProject) return { organization, role };
    if (role !== null || (permission !== 'read' && (await this.db.project.count({ where: { organizationId: organization.id, isPrivate: false } })) > 0)) {
      if (principal.kind === 'anonymous') throw unauthorized();
      throw forbidden('only organization admins may do this');
    }
    throw notFound(`organization ${slug}`);
  }

  requireUser(principal: Principal): string {
    if (principal.kind === 'user') return principal.userId;
    if (principal.kind === 'anonymous') throw unauthorized();
    throw forbidden('project tokens cannot do this; use a personal token');
  }
}
