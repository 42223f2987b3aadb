import type { ProjectRef } from '@stowage/contracts';
import { forbidden, notFound, unauthorized, type Clock } from '@stowage/domain';
import type { Db, Job, MembershipRole, Organization, Project, Sql } from '@stowage/server-db';
import { hashSecret } from './secret';
import { ANONYMOUS, type OrganizationPermission, type Principal, type ProjectPermission } from '@stowage/domain';

export type ProjectWithOrganization = Project & { organization: Organization };
export interface ProjectAccess {
  project: ProjectWithOrganization;
  role: MembershipRole | null;
}
export interface JobAccess extends ProjectAccess {
  job: Job;
}

const VCS_TO_DB = { github: 'GITHUB', bitbucket: 'BITBUCKET', circleci: 'CIRCLECI' } as const;
// Writing last-use on every request would make every read a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

// Every request authenticates and most load a project with the caller's role, so these are plain
// prepared statements (see Sql), one per request step: project, organization and role (and the job,
// where the route names one) come back in one row.
interface TokenRow {
  id: string;
  kind: 'PERSONAL' | 'PROJECT';
  scope: 'ALL' | 'UPLOAD' | 'READ';
  user_id: string;
  project_id: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
interface ProjectRow {
  id: string;
  organization_id: string;
  vcs_type: Project['vcsType'];
  name: string;
  is_private: boolean;
  created_at: Date;
  org_slug: string;
  org_name: string;
  org_artifact_retention_days: number;
  org_created_at: Date;
  /** The calling user's membership in the project's organization (null for anyone else). */
  role: MembershipRole | null;
}
/** A job's columns, null when the LEFT JOIN found none. */
interface JobColumns {
  job_id: string | null;
  job_number: number;
  job_name: string;
  job_branch: string | null;
  job_revision: string | null;
  job_status: Job['status'];
  job_parallelism: number;
  job_started_at: Date | null;
  job_stopped_at: Date | null;
  job_created_at: Date;
}

const TOKEN_SQL = `SELECT id, kind::text AS kind, scope::text AS scope, user_id, project_id, last_used_at, revoked_at
  FROM api_tokens WHERE secret_hash = $1`;
const SESSION_SQL = 'SELECT user_id, expires_at FROM sessions WHERE secret_hash = $1';
const ROLE_SQL = 'SELECT role::text AS role FROM memberships WHERE organization_id = $1::uuid AND user_id = $2::uuid';
const PROJECT_COLUMNS = `p.id, p.organization_id, p.vcs_type::text AS vcs_type, p.name, p.is_private, p.created_at,
  o.slug AS org_slug, o.name AS org_name, o.artifact_retention_days AS org_artifact_retention_days, o.created_at AS org_created_at,
  m.role::text AS role`;
const JOB_COLUMNS = `j.id AS job_id, j.number AS job_number, j.name AS job_name, j.branch AS job_branch, j.revision AS job_revision,
  j.status::text AS job_status, j.parallelism AS job_parallelism, j.started_at AS job_started_at, j.stopped_at AS job_stopped_at,
  j.created_at AS job_created_at`;
// $1 org slug, $2 VCS type, $3 project name, $4 the calling user (NULL for anyone but a user).
const PROJECT_JOINS = `FROM projects p JOIN organizations o ON o.id = p.organization_id
  LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = $4::uuid`;
const PROJECT_WHERE = 'WHERE o.slug = $1 AND p.vcs_type = $2::"VcsType" AND p.name = $3';
const PROJECT_SQL = `SELECT ${PROJECT_COLUMNS} ${PROJECT_JOINS} ${PROJECT_WHERE}`;
// ... and $5 the job number.
const PROJECT_JOB_SQL = `SELECT ${PROJECT_COLUMNS}, ${JOB_COLUMNS} ${PROJECT_JOINS}
  LEFT JOIN jobs j ON j.project_id = p.id AND j.number = $5::int ${PROJECT_WHERE}`;
// $1 the job id, $2 the calling user.
const JOB_BY_ID_SQL = `SELECT ${PROJECT_COLUMNS}, ${JOB_COLUMNS}
  FROM jobs j JOIN projects p ON p.id = j.project_id JOIN organizations o ON o.id = p.organization_id
  LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = $2::uuid
  WHERE j.id = $1::uuid`;

function projectOf(row: ProjectRow): ProjectWithOrganization {
  return {
    id: row.id,
    organizationId: row.organization_id,
    vcsType: row.vcs_type,
    name: row.name,
    isPrivate: row.is_private,
    createdAt: row.created_at,
    organization: {
      id: row.organization_id,
      slug: row.org_slug,
      name: row.org_name,
      artifactRetentionDays: row.org_artifact_retention_days,
      createdAt: row.org_created_at,
    },
  };
}

function jobOf(row: JobColumns & { id: string }): Job | null {
  if (row.job_id === null) return null;
  return {
    id: row.job_id,
    projectId: row.id,
    number: row.job_number,
    name: row.job_name,
    branch: row.job_branch,
    revision: row.job_revision,
    status: row.job_status,
    parallelism: row.job_parallelism,
    startedAt: row.job_started_at,
    stoppedAt: row.job_stopped_at,
    createdAt: row.job_created_at,
  };
}

/** Only a user has a role; a project token never acts with its creator's. */
const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null);

/**
 * Authentication (tokens, sessions) and the one set of rules for who may do what:
 * private projects are readable only by members of their organization and look exactly like missing
 * ones to everybody else (404, never 403); public visibility never grants writing.
 * Nothing here is cached: a revoked token or a removed membership stops working at once.
 */
export class AccessService {
  constructor(
    private readonly db: Db,
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  async authenticate(credentials: { token?: string; sessionSecret?: string }): Promise<Principal> {
    if (credentials.token) return this.authenticateToken(credentials.token);
    if (credentials.sessionSecret) {
      const [session] = await this.sql.query<{ user_id: string; expires_at: Date }>('access.session', SESSION_SQL, [hashSecret(credentials.sessionSecret)]);
      if (session && session.expires_at > this.clock.now()) return { kind: 'user', userId: session.user_id };
    }
    return ANONYMOUS;
  }

  private async authenticateToken(secret: string): Promise<Principal> {
    const [token] = await this.sql.query<TokenRow>('access.token', TOKEN_SQL, [hashSecret(secret)]);
    // A wrong or revoked token is refused outright, even where anonymous access would be allowed,
    // so a client learns at once that its credentials are bad.
    if (!token || token.revoked_at) throw unauthorized('invalid or revoked API token');
    const now = this.clock.now();
    if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    if (token.kind === 'PERSONAL') return { kind: 'user', userId: token.user_id, tokenId: token.id };
    return {
      kind: 'project-token',
      projectId: token.project_id as string,
      scope: token.scope === 'UPLOAD' ? 'UPLOAD' : 'READ',
      tokenId: token.id,
      userId: token.user_id,
    };
  }

  async roleIn(principal: Principal, organizationId: string): Promise<MembershipRole | null> {
    const userId = userIdOf(principal);
    if (userId === null) return null;
    const [membership] = await this.sql.query<{ role: MembershipRole }>('access.role', ROLE_SQL, [organizationId, userId]);
    return membership?.role ?? null;
  }

  private projectRows<T extends ProjectRow>(name: string, text: string, ref: ProjectRef, principal: Principal, ...more: unknown[]): Promise<T[]> {
    return this.sql.query<T>(name, text, [ref.organization, VCS_TO_DB[ref.vcsType], ref.project, userIdOf(principal), ...more]);
  }

  async findProject(ref: ProjectRef): Promise<ProjectWithOrganization | null> {
    const [row] = await this.projectRows<ProjectRow>('access.project', PROJECT_SQL, ref, ANONYMOUS);
    return row ? projectOf(row) : null;
  }

  /** Loads a project the principal may act on, or fails with the status the rules above demand. */
  async requireProject(ref: ProjectRef, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    const [row] = await this.projectRows<ProjectRow>('access.project', PROJECT_SQL, ref, principal);
    if (!row) throw notFound(`project ${ref.organization}/${ref.project}`);
    return this.decide(projectOf(row), row.role, principal, permission);
  }

  /** requireProject and then the project's job by number (404 when it has none), in one query. */
  async requireJob(ref: ProjectRef, jobNumber: number, principal: Principal, permission: ProjectPermission): Promise<JobAccess> {
    const [row] = await this.projectRows<ProjectRow & JobColumns>('access.project-job', PROJECT_JOB_SQL, ref, principal, jobNumber);
    if (!row) throw notFound(`project ${ref.organization}/${ref.project}`);
    const access = this.decide(projectOf(row), row.role, principal, permission);
    const job = jobOf(row);
    if (!job) throw notFound(`job ${jobNumber}`);
    return { ...access, job };
  }

  /** A job by id with its project authorized as authorizeProject does; null when there is no such job. */
  async authorizeJob(jobId: string, principal: Principal, permission: ProjectPermission): Promise<JobAccess | null> {
    const [row] = await this.sql.query<ProjectRow & JobColumns>('access.job', JOB_BY_ID_SQL, [jobId, userIdOf(principal)]);
    if (!row) return null;
    return { ...this.decide(projectOf(row), row.role, principal, permission), job: jobOf(row) as Job };
  }

  async authorizeProject(project: ProjectWithOrganization, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    return this.decide(project, await this.roleIn(principal, project.organizationId), principal, permission);
  }

  private decide(project: ProjectWithOrganization, role: MembershipRole | null, principal: Principal, permission: ProjectPermission): ProjectAccess {
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
