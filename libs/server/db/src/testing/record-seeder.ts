import crypto from 'node:crypto';
import type { Blob, Job, MembershipRole, Organization, Project, User } from '@stowage/domain';
import type { Database } from '../database';
import type { ArtifactRecord, InMemoryDatabase, SessionRecord, TokenRecord, UsageRecord } from './in-memory-database';

type Defaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/**
 * Puts records straight into a store, bypassing the use cases, for repository contract suites:
 * the same suite seeds PostgreSQL and the in-memory tables through this one interface.
 */
export interface RecordSeeder {
  organization(input: Defaults<Organization, 'id' | 'createdAt' | 'artifactRetentionDays'>): Promise<Organization>;
  user(input: Defaults<User, 'id' | 'createdAt' | 'passwordHash'>): Promise<User>;
  membership(input: { organizationId: string; userId: string; role: MembershipRole }): Promise<void>;
  project(input: Defaults<Project, 'id' | 'createdAt' | 'isPrivate' | 'defaultBranch'>): Promise<Project>;
  job(input: Defaults<Job, 'id' | 'createdAt' | 'name' | 'branch' | 'revision' | 'status' | 'parallelism' | 'startedAt' | 'stoppedAt'>): Promise<Job>;
  token(input: Defaults<TokenRecord, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'prefix' | 'name' | 'projectId'>): Promise<TokenRecord>;
  session(input: Defaults<SessionRecord, 'id' | 'createdAt'>): Promise<SessionRecord>;
  artifact(input: ArtifactSeed): Promise<ArtifactRecord>;
  blob(input: Defaults<Blob, 'id' | 'createdAt' | 'sniffedType' | 'isText' | 'isElfCore' | 'coreFacts' | 'state'>): Promise<Blob>;
  usageRecord(input: Defaults<UsageRecord, 'id' | 'recordedAt' | 'projectId'>): Promise<UsageRecord>;
}

type ArtifactSeed = Defaults<
  ArtifactRecord,
  | 'id' | 'createdAt' | 'nodeIndex' | 'size' | 'sha256' | 'computedSha256' | 'contentType' | 'fileMode' | 'storageKey' | 'state'
  | 'failureReason' | 'uploadId' | 'partSize' | 'completedAt' | 'availableAt' | 'expiresAt' | 'blobId'
>;

function blobWithDefaults(input: Parameters<RecordSeeder['blob']>[0]): Blob {
  return { id: crypto.randomUUID(), createdAt: now(), sniffedType: null, isText: true, isElfCore: false, coreFacts: null, state: 'AVAILABLE', ...input };
}

function artifactWithDefaults(input: ArtifactSeed): ArtifactRecord {
  const id = input.id ?? crypto.randomUUID();
  return {
    id,
    createdAt: now(),
    nodeIndex: 0,
    size: 0,
    sha256: null,
    computedSha256: null,
    contentType: null,
    fileMode: 0o644,
    storageKey: `artifacts/seed/${id}`,
    state: 'AVAILABLE',
    failureReason: null,
    uploadId: null,
    partSize: 1,
    blobId: null,
    completedAt: null,
    availableAt: null,
    expiresAt: new Date(Date.now() + 30 * 24 * 3600_000),
    ...input,
  };
}

// Timestamps with millisecond precision, as PostgreSQL's timestamptz(3) keeps them.
const now = () => new Date(Math.floor(Date.now()));

function withDefaults(kind: 'organization', input: Parameters<RecordSeeder['organization']>[0]): Organization;
function withDefaults(kind: 'user', input: Parameters<RecordSeeder['user']>[0]): User;
function withDefaults(kind: 'project', input: Parameters<RecordSeeder['project']>[0]): Project;
function withDefaults(kind: 'job', input: Parameters<RecordSeeder['job']>[0]): Job;
function withDefaults(kind: 'token', input: Parameters<RecordSeeder['token']>[0]): TokenRecord;
function withDefaults(kind: 'session', input: Parameters<RecordSeeder['session']>[0]): SessionRecord;
function withDefaults(kind: 'usageRecord', input: Parameters<RecordSeeder['usageRecord']>[0]): UsageRecord;
function withDefaults(kind: string, input: object): object {
  const base = { id: crypto.randomUUID(), createdAt: now() };
  switch (kind) {
    case 'organization':
      return { ...base, artifactRetentionDays: 30, ...input };
    case 'user':
      return { ...base, passwordHash: null, ...input };
    case 'project':
      return { ...base, isPrivate: true, defaultBranch: 'main', ...input };
    case 'job':
      return { ...base, name: 'build', branch: null, revision: null, status: 'RUNNING', parallelism: 1, startedAt: null, stoppedAt: null, ...input };
    case 'token':
      return { ...base, lastUsedAt: null, revokedAt: null, prefix: 'stw_test', name: 'test', projectId: null, ...input };
    case 'usageRecord':
      return { id: base.id, recordedAt: base.createdAt, projectId: null, ...input };
    default:
      return { ...base, ...input };
  }
}

export class InMemoryRecordSeeder implements RecordSeeder {
  constructor(private readonly tables: InMemoryDatabase) {}

  async organization(input: Parameters<RecordSeeder['organization']>[0]) {
    const record = withDefaults('organization', input);
    this.tables.organizations.push(record);
    return record;
  }
  async user(input: Parameters<RecordSeeder['user']>[0]) {
    const record = withDefaults('user', input);
    this.tables.users.push(record);
    return record;
  }
  async membership(input: { organizationId: string; userId: string; role: MembershipRole }) {
    this.tables.memberships.push({ ...input, createdAt: now() });
  }
  async project(input: Parameters<RecordSeeder['project']>[0]) {
    const record = withDefaults('project', input);
    this.tables.projects.push(record);
    return record;
  }
  async job(input: Parameters<RecordSeeder['job']>[0]) {
    const record = withDefaults('job', input);
    this.tables.jobs.push(record);
    return record;
  }
  async token(input: Parameters<RecordSeeder['token']>[0]) {
    const record = withDefaults('token', input);
    this.tables.tokens.push(record);
    return record;
  }
  async session(input: Parameters<RecordSeeder['session']>[0]) {
    const record = withDefaults('session', input);
    this.tables.sessions.push(record);
    return record;
  }
  async artifact(input: ArtifactSeed) {
    const record = artifactWithDefaults(input);
    this.tables.artifacts.push(record);
    return record;
  }
  async blob(input: Parameters<RecordSeeder['blob']>[0]) {
    const record = blobWithDefaults(input);
    this.tables.blobs.push(record);
    return { ...record };
  }
  async usageRecord(input: Parameters<RecordSeeder['usageRecord']>[0]) {
    const record = withDefaults('usageRecord', input);
    this.tables.usageRecords.push(record);
    return { ...record };
  }
}

export class PgRecordSeeder implements RecordSeeder {
  constructor(private readonly database: Database) {}

  async organization(input: Parameters<RecordSeeder['organization']>[0]) {
    const o = withDefaults('organization', input);
    await this.database.db
      .insertInto('organizations')
      .values({ id: o.id, slug: o.slug, name: o.name, artifact_retention_days: o.artifactRetentionDays, created_at: o.createdAt })
      .execute();
    return o;
  }
  async user(input: Parameters<RecordSeeder['user']>[0]) {
    const u = withDefaults('user', input);
    await this.database.db.insertInto('users').values({ id: u.id, email: u.email, name: u.name, password_hash: u.passwordHash, created_at: u.createdAt }).execute();
    return u;
  }
  async membership(input: { organizationId: string; userId: string; role: MembershipRole }) {
    await this.database.db.insertInto('memberships').values({ organization_id: input.organizationId, user_id: input.userId, role: input.role }).execute();
  }
  async project(input: Parameters<RecordSeeder['project']>[0]) {
    const p = withDefaults('project', input);
    await this.database.db
      .insertInto('projects')
      .values({ id: p.id, organization_id: p.organizationId, vcs_type: p.vcsType, name: p.name, is_private: p.isPrivate, default_branch: p.defaultBranch, created_at: p.createdAt })
      .execute();
    return p;
  }
  async job(input: Parameters<RecordSeeder['job']>[0]) {
    const j = withDefaults('job', input);
    await this.database.db
      .insertInto('jobs')
      .values({
        id: j.id,
        project_id: j.projectId,
        number: j.number,
        name: j.name,
        branch: j.branch,
        revision: j.revision,
        status: j.status,
        parallelism: j.parallelism,
        started_at: j.startedAt,
        stopped_at: j.stoppedAt,
        created_at: j.createdAt,
      })
      .execute();
    return j;
  }
  async token(input: Parameters<RecordSeeder['token']>[0]) {
    const t = withDefaults('token', input);
    await this.database.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        kind: t.kind,
        scope: t.scope,
        name: t.name,
        secret_hash: t.secretHash,
        prefix: t.prefix,
        user_id: t.userId,
        project_id: t.projectId,
        created_at: t.createdAt,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      })
      .execute();
    return t;
  }
  async session(input: Parameters<RecordSeeder['session']>[0]) {
    const s = withDefaults('session', input);
    await this.database.db
      .insertInto('sessions')
      .values({ id: s.id, secret_hash: s.secretHash, user_id: s.userId, expires_at: s.expiresAt, created_at: s.createdAt })
      .execute();
    return s;
  }
  async artifact(input: ArtifactSeed) {
    const a = artifactWithDefaults(input);
    await this.database.db
      .insertInto('artifacts')
      .values({
        id: a.id,
        job_id: a.jobId,
        node_index: a.nodeIndex,
        path: a.path,
        size: String(a.size),
        sha256: a.sha256,
        computed_sha256: a.computedSha256,
        content_type: a.contentType,
        file_mode: a.fileMode,
        storage_key: a.storageKey,
        state: a.state,
        failure_reason: a.failureReason,
        upload_id: a.uploadId,
        part_size: String(a.partSize),
        blob_id: a.blobId,
        created_at: a.createdAt,
        completed_at: a.completedAt,
        available_at: a.availableAt,
        expires_at: a.expiresAt,
      })
      .execute();
    return a;
  }
  async blob(input: Parameters<RecordSeeder['blob']>[0]) {
    const b = blobWithDefaults(input);
    await this.database.db
      .insertInto('blobs')
      .values({
        id: b.id,
        project_id: b.projectId,
        sha256: b.sha256,
        size: String(b.size),
        storage_key: b.storageKey,
        sniffed_type: b.sniffedType,
        is_text: b.isText,
        is_elf_core: b.isElfCore,
        core_facts: b.coreFacts === null ? null : JSON.stringify(b.coreFacts),
        state: b.state,
        created_at: b.createdAt,
      })
      .execute();
    return b;
  }
  async usageRecord(input: Parameters<RecordSeeder['usageRecord']>[0]) {
    const u = withDefaults('usageRecord', input);
    await this.database.db
      .insertInto('usage_records')
      .values({ id: u.id, organization_id: u.organizationId, project_id: u.projectId, kind: u.kind, bytes: String(u.bytes), day: u.day, recorded_at: u.recordedAt })
      .execute();
    return u;
  }
}
