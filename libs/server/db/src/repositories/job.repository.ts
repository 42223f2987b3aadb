import crypto from 'node:crypto';
import type { FinishedJobStatusRecord, Job, JobStatusRecord } from '@stowage/domain';
import type { Database } from '../database';

/** What a CI system reports about a job; absent fields are left as they are. */
export interface JobChanges {
  name?: string;
  branch?: string | null;
  revision?: string | null;
  status?: JobStatusRecord;
  parallelism?: number;
  startedAt?: Date | null;
  stoppedAt?: Date | null;
}

export interface JobListFilter {
  branch?: string;
  /** The job's name, exactly. */
  name?: string;
  status?: JobStatusRecord;
  /** Only jobs numbered below this (the page token: stable while new jobs arrive). */
  beforeNumber?: number;
  limit: number;
}

export interface LatestJobFilter {
  branch?: string;
  statuses?: readonly JobStatusRecord[];
  name?: string;
  beforeNumber?: number;
}

/** CI jobs: registered by the CI system, or created on a project's first upload for their number. */
export interface JobRepository {
  /** Registers or updates a job; concurrent calls for the same number are safe (one row wins). A new job started at `now`. */
  upsert(projectId: string, number: number, changes: JobChanges, now: Date): Promise<Job>;
  /** On upload: creates the job if needed, but never overwrites what the CI system already reported. */
  ensure(projectId: string, number: number, fields: Pick<JobChanges, 'name' | 'branch' | 'revision'>, now: Date): Promise<Job>;
  /** Newest first, with each job's count of available artifacts. */
  list(projectId: string, filter: JobListFilter): Promise<Array<Job & { availableArtifacts: number }>>;
  /**
   * The highest-numbered job on `branch` (any when absent) whose status is one of `statuses` (any when
   * absent), named `name` and numbered below `beforeNumber` when given.
   */
  latest(projectId: string, filter: LatestJobFilter): Promise<Job | null>;
  /**
   * The newest job of one stream: the highest-numbered job with this name on this branch that finished
   * with `status` (a job still queued or running is never the newest).
   */
  findNewest(projectId: string, filter: NewestJobFilter): Promise<Job | null>;
}

export interface NewestJobFilter {
  name: string;
  branch: string;
  status: FinishedJobStatusRecord;
}

interface JobRow {
  id: string;
  project_id: string;
  number: number;
  name: string;
  branch: string | null;
  revision: string | null;
  status: JobStatusRecord;
  parallelism: number;
  started_at: Date | string | null;
  stopped_at: Date | string | null;
  created_at: Date | string;
}

function jobOf(row: JobRow): Job {
  return {
    id: row.id,
    projectId: row.project_id,
    number: row.number,
    name: row.name,
    branch: row.branch,
    revision: row.revision,
    status: row.status,
    parallelism: row.parallelism,
    startedAt: row.started_at as Date | null,
    stoppedAt: row.stopped_at as Date | null,
    createdAt: row.created_at as Date,
  };
}

function columnsOf(changes: JobChanges) {
  const columns: Partial<{ name: string; branch: string | null; revision: string | null; status: JobStatusRecord; parallelism: number; started_at: Date | null; stopped_at: Date | null }> = {};
  if (changes.name !== undefined) columns.name = changes.name;
  if (changes.branch !== undefined) columns.branch = changes.branch;
  if (changes.revision !== undefined) columns.revision = changes.revision;
  if (changes.status !== undefined) columns.status = changes.status;
  if (changes.parallelism !== undefined) columns.parallelism = changes.parallelism;
  if (changes.startedAt !== undefined) columns.started_at = changes.startedAt;
  if (changes.stoppedAt !== undefined) columns.stopped_at = changes.stoppedAt;
  return columns;
}

const JOB_COLUMNS = ['id', 'project_id', 'number', 'name', 'branch', 'revision', 'status', 'parallelism', 'started_at', 'stopped_at', 'created_at'] as const;

export class PgJobRepository implements JobRepository {
  constructor(private readonly database: Database) {}

  async upsert(projectId: string, number: number, changes: JobChanges, now: Date): Promise<Job> {
    const columns = columnsOf(changes);
    const row = await this.database.db
      .insertInto('jobs')
      .values({ id: crypto.randomUUID(), project_id: projectId, number, started_at: now, ...columns })
      .onConflict((oc) =>
        Object.keys(columns).length === 0
          ? // A no-op update still returns the row (DO NOTHING would return none).
            oc.columns(['project_id', 'number']).doUpdateSet({ number: (eb) => eb.ref('excluded.number') })
          : oc.columns(['project_id', 'number']).doUpdateSet(columns),
      )
      .returning(JOB_COLUMNS)
      .executeTakeFirstOrThrow();
    return jobOf(row);
  }

  async ensure(projectId: string, number: number, fields: Pick<JobChanges, 'name' | 'branch' | 'revision'>, now: Date): Promise<Job> {
    // Another container of the same job may create it first: the insert then does nothing and the read finds theirs.
    await this.database.db
      .insertInto('jobs')
      .values({ id: crypto.randomUUID(), project_id: projectId, number, started_at: now, ...columnsOf(fields) })
      .onConflict((oc) => oc.columns(['project_id', 'number']).doNothing())
      .execute();
    const row = await this.database.db.selectFrom('jobs').select(JOB_COLUMNS).where('project_id', '=', projectId).where('number', '=', number).executeTakeFirstOrThrow();
    return jobOf(row);
  }

  async list(projectId: string, filter: JobListFilter) {
    let query = this.database.db
      .selectFrom('jobs as j')
      .select(JOB_COLUMNS.map((c) => `j.${c}` as const))
      .select((eb) =>
        eb
          .selectFrom('artifacts as a')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('a.job_id', '=', 'j.id')
          .where('a.state', '=', 'AVAILABLE')
          .as('available_artifacts'),
      )
      .where('j.project_id', '=', projectId);
    if (filter.branch) query = query.where('j.branch', '=', filter.branch);
    if (filter.name) query = query.where('j.name', '=', filter.name);
    if (filter.status) query = query.where('j.status', '=', filter.status);
    if (filter.beforeNumber !== undefined) query = query.where('j.number', '<', filter.beforeNumber);
    const rows = await query.orderBy('j.number', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({ ...jobOf(row), availableArtifacts: Number(row.available_artifacts ?? 0) }));
  }

  async latest(projectId: string, filter: LatestJobFilter): Promise<Job | null> {
    let query = this.database.db.selectFrom('jobs').select(JOB_COLUMNS).where('project_id', '=', projectId);
    if (filter.branch) query = query.where('branch', '=', filter.branch);
    if (filter.name !== undefined) query = query.where('name', '=', filter.name);
    if (filter.beforeNumber !== undefined) query = query.where('number', '<', filter.beforeNumber);
    if (filter.statuses) query = query.where('status', 'in', [...filter.statuses]);
    const row = await query.orderBy('number', 'desc').limit(1).executeTakeFirst();
    return row ? jobOf(row) : null;
  }

  async findNewest(projectId: string, filter: NewestJobFilter): Promise<Job | null> {
    const row = await this.database.db
      .selectFrom('jobs')
      .select(JOB_COLUMNS)
      .where('project_id', '=', projectId)
      .where('name', '=', filter.name)
      .where('branch', '=', filter.branch)
      .where('status', '=', filter.status)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? jobOf(row) : null;
  }
}
