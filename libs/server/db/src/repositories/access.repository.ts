import type { ProjectRef } from '@stowage/contracts';
import { vcsTypeRecordOf, type ApiTokenScope, type Job, type VcsTypeRecord, type MembershipRole, type Organization, type ProjectWithOrganization } from '@stowage/domain';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../database';
import type { DB } from '../generated/database';
import { prepareQuery } from '../prepared-query';
import { PROJECT_WITH_ORGANIZATION_COLUMNS, projectOf } from './project.repository';

export interface StoredToken {
  id: string;
  kind: 'PERSONAL' | 'PROJECT';
  scope: ApiTokenScope;
  userId: string;
  projectId: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A project as the caller sees it: with its organization and the caller's role there (null for anyone else). */
export interface ProjectFacts {
  project: ProjectWithOrganization;
  role: MembershipRole | null;
}
export interface JobFacts extends ProjectFacts {
  job: Job;
}
export interface OrganizationFacts {
  organization: Organization;
  role: MembershipRole | null;
  hasPublicProject: boolean;
}

/**
 * Everything authentication and access decisions read, one query per request step: the token or
 * session, then project + organization + the caller's role (+ the job the route names) in one row.
 * These run on every request, so they are prepared statements. Nothing is cached: a revoked token
 * or a removed membership counts from the next request.
 */
export interface AccessRepository {
  findTokenBySecretHash(secretHash: string): Promise<StoredToken | null>;
  recordTokenUse(tokenId: string, at: Date): Promise<void>;
  findSessionBySecretHash(secretHash: string): Promise<{ userId: string; expiresAt: Date } | null>;
  findProject(ref: ProjectRef, userId: string | null): Promise<ProjectFacts | null>;
  /** The project as findProject finds it, and its job by number (null when it has none). */
  findProjectJob(ref: ProjectRef, jobNumber: number, userId: string | null): Promise<(ProjectFacts & { job: Job | null }) | null>;
  findJobById(jobId: string, userId: string | null): Promise<JobFacts | null>;
  findOrganization(slug: string, userId: string | null): Promise<OrganizationFacts | null>;
}

type ProjectScope = { userId: string | null };
type ProjectQuery = ProjectScope & { slug: string; vcsType: string; name: string };

const projectColumns = [...PROJECT_WITH_ORGANIZATION_COLUMNS, 'm.role'] as const;
const jobColumns = [
  'j.id as job_id',
  'j.number as job_number',
  'j.name as job_name',
  'j.branch as job_branch',
  'j.revision as job_revision',
  'j.status as job_status',
  'j.parallelism as job_parallelism',
  'j.started_at as job_started_at',
  'j.stopped_at as job_stopped_at',
  'j.created_at as job_created_at',
] as const;

function projectsOf(db: Kysely<DB>, params: ProjectScope) {
  return db
    .selectFrom('projects as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.organization_id', '=', 'o.id').on('m.user_id', '=', sql<string>`${params.userId}::uuid`));
}
const projectWhere = (params: ProjectQuery) => (eb: ExpressionBuilder<DB & { p: DB['projects']; o: DB['organizations'] }, 'p' | 'o'>) =>
  eb.and([eb('o.slug', '=', params.slug), eb('p.vcs_type', '=', sql<VcsTypeRecord>`${params.vcsType}::"VcsType"`), eb('p.name', '=', params.name)]);

const TOKEN = prepareQuery('access.token', (db, p: { secretHash: string }) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'kind', 'scope', 'user_id', 'project_id', 'last_used_at', 'revoked_at'])
    .where('secret_hash', '=', p.secretHash),
);
const SESSION = prepareQuery('access.session', (db, p: { secretHash: string }) =>
  db.selectFrom('sessions').select(['user_id', 'expires_at']).where('secret_hash', '=', p.secretHash),
);
const PROJECT = prepareQuery('access.project', (db, p: ProjectQuery) => projectsOf(db, p).select(projectColumns).where(projectWhere(p)));
const PROJECT_JOB = prepareQuery('access.project-job', (db, p: ProjectQuery & { jobNumber: number }) =>
  projectsOf(db, p)
    .leftJoin('jobs as j', (join) => join.onRef('j.project_id', '=', 'p.id').on('j.number', '=', sql<number>`${p.jobNumber}::int`))
    .select([...projectColumns, ...jobColumns])
    .where(projectWhere(p)),
);
const JOB_BY_ID = prepareQuery('access.job', (db, p: ProjectScope & { jobId: string }) =>
  db
    .selectFrom('jobs as j')
    .innerJoin('projects as p', 'p.id', 'j.project_id')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.organization_id', '=', 'o.id').on('m.user_id', '=', sql<string>`${p.userId}::uuid`))
    .select([...projectColumns, ...jobColumns])
    .where('j.id', '=', sql<string>`${p.jobId}::uuid`),
);
const ORGANIZATION = prepareQuery('access.organization', (db, p: ProjectScope & { slug: string }) =>
  db
    .selectFrom('organizations as o')
    .leftJoin('memberships as m', (join) => join.onRef('m.organization_id', '=', 'o.id').on('m.user_id', '=', sql<string>`${p.userId}::uuid`))
    .select(['o.id', 'o.slug', 'o.name', 'o.artifact_retention_days', 'o.created_at', 'm.role'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('projects as pp').select('pp.id').whereRef('pp.organization_id', '=', 'o.id').where('pp.is_private', '=', false))
        .as('has_public_project'),
    )
    .where('o.slug', '=', p.slug),
);

type ProjectRow = Awaited<ReturnType<(typeof PROJECT)['execute']>>[number];
type JobRow = Omit<Awaited<ReturnType<(typeof JOB_BY_ID)['execute']>>[number], keyof ProjectRow>;

function projectFactsOf(row: ProjectRow): ProjectFacts {
  return { project: projectOf(row), role: row.role };
}

function jobOf(row: ProjectRow & { [K in keyof JobRow]: JobRow[K] | null }): Job | null {
  if (row.job_id === null) return null;
  return {
    id: row.job_id,
    projectId: row.id,
    number: row.job_number as number,
    name: row.job_name as string,
    branch: row.job_branch,
    revision: row.job_revision,
    status: row.job_status as Job['status'],
    parallelism: row.job_parallelism as number,
    startedAt: row.job_started_at as Date | null,
    stoppedAt: row.job_stopped_at as Date | null,
    createdAt: row.job_created_at as Date,
  };
}

const projectParams = (ref: ProjectRef, userId: string | null): ProjectQuery => ({
  slug: ref.organization,
  vcsType: vcsTypeRecordOf(ref.vcsType),
  name: ref.project,
  userId,
});

export class PgAccessRepository implements AccessRepository {
  constructor(private readonly database: Database) {}

  async findTokenBySecretHash(secretHash: string): Promise<StoredToken | null> {
    const [row] = await this.database.run(TOKEN, { secretHash });
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      scope: row.scope,
      userId: row.user_id,
      projectId: row.project_id,
      lastUsedAt: row.last_used_at as Date | null,
      revokedAt: row.revoked_at as Date | null,
    };
  }

  async recordTokenUse(tokenId: string, at: Date): Promise<void> {
    await this.database.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
  }

  async findSessionBySecretHash(secretHash: string) {
    const [row] = await this.database.run(SESSION, { secretHash });
    return row ? { userId: row.user_id, expiresAt: row.expires_at as Date } : null;
  }

  async findProject(ref: ProjectRef, userId: string | null): Promise<ProjectFacts | null> {
    const [row] = await this.database.run(PROJECT, projectParams(ref, userId));
    return row ? projectFactsOf(row) : null;
  }

  async findProjectJob(ref: ProjectRef, jobNumber: number, userId: string | null) {
    const [row] = await this.database.run(PROJECT_JOB, { ...projectParams(ref, userId), jobNumber });
    return row ? { ...projectFactsOf(row), job: jobOf(row) } : null;
  }

  async findJobById(jobId: string, userId: string | null): Promise<JobFacts | null> {
    const [row] = await this.database.run(JOB_BY_ID, { jobId, userId });
    return row ? { ...projectFactsOf(row), job: jobOf(row) as Job } : null;
  }

  async findOrganization(slug: string, userId: string | null): Promise<OrganizationFacts | null> {
    const [row] = await this.database.run(ORGANIZATION, { slug, userId });
    if (!row) return null;
    return {
      organization: { id: row.id, slug: row.slug, name: row.name, artifactRetentionDays: row.artifact_retention_days, createdAt: row.created_at as Date },
      role: row.role,
      hasPublicProject: Boolean(row.has_public_project),
    };
  }
}
