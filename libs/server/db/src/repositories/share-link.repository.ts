import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { ShareScope } from '@stowage/domain';
import type { Database } from '../database';

/** A share link as listings show it (never its secret, which only its SHA-256 stands for). */
export interface ShareLinkRecord {
  id: string;
  projectId: string;
  creator: { id: string; name: string; email: string };
  /** A fixed job (with its number), or null for a stream. */
  job: { id: string; number: number } | null;
  /** The newest successful job with this name on this branch, looked up at each use. */
  stream: { name: string; branch: string } | null;
  nodeIndex: number | null;
  pathPrefix: string;
  note: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  useCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** A link found by its secret, with whether its organization allows links at all. */
export interface ResolvedShareLink extends ShareLinkRecord {
  organizationId: string;
  sharingEnabled: boolean;
}

export interface NewShareLink {
  projectId: string;
  createdBy: string;
  secretHash: string;
  target: { jobId: string } | { stream: { name: string; branch: string } };
  nodeIndex: number | null;
  pathPrefix: string;
  note: string | null;
  expiresAt: Date;
}

/**
 * Share links (docs/share-links.md), the organizations' switch for them, and the two questions about
 * jobs and artifacts only links ask: a stream's current job, and how long a scope's artifacts live.
 */
export interface ShareLinkRepository {
  create(link: NewShareLink): Promise<ShareLinkRecord>;
  findBySecretHash(secretHash: string): Promise<ResolvedShareLink | null>;
  find(projectId: string, linkId: string): Promise<ShareLinkRecord | null>;
  /** Newest first. */
  listForProject(projectId: string, filter?: { createdBy?: string }): Promise<ShareLinkRecord[]>;
  /** Sets revoked_at once (a second revocation keeps the first time). */
  revoke(linkId: string, at: Date): Promise<void>;
  /** Counts one answered request. */
  recordUse(linkId: string, at: Date): Promise<void>;
  /** The latest expiry among the available, unexpired artifacts of `jobId` inside `scope`; null when there are none. */
  latestArtifactExpiry(jobId: string, scope: ShareScope, now: Date): Promise<Date | null>;
  setOrganizationEnabled(organizationId: string, enabled: boolean): Promise<void>;
  organizationEnabled(organizationId: string): Promise<boolean>;
}

export class PgShareLinkRepository implements ShareLinkRepository {
  constructor(private readonly database: Database) {}

  private links() {
    return this.database.db
      .selectFrom('share_links as l')
      .innerJoin('users as u', 'u.id', 'l.created_by')
      .innerJoin('projects as p', 'p.id', 'l.project_id')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .leftJoin('jobs as j', 'j.id', 'l.job_id')
      .select([
        'l.id',
        'l.project_id',
        'l.created_by',
        'u.name as creator_name',
        'u.email as creator_email',
        'l.job_id',
        'j.number as job_number',
        'l.stream_name',
        'l.stream_branch',
        'l.node_index',
        'l.path_prefix',
        'l.note',
        'l.expires_at',
        'l.revoked_at',
        'l.use_count',
        'l.last_used_at',
        'l.created_at',
        'o.id as organization_id',
        'o.share_links_enabled',
      ]);
  }

  async create(link: NewShareLink): Promise<ShareLinkRecord> {
    const { id } = await this.database.db
      .insertInto('share_links')
      .values({
        id: crypto.randomUUID(),
        project_id: link.projectId,
        created_by: link.createdBy,
        secret_hash: link.secretHash,
        job_id: 'jobId' in link.target ? link.target.jobId : null,
        stream_name: 'stream' in link.target ? link.target.stream.name : null,
        stream_branch: 'stream' in link.target ? link.target.stream.branch : null,
        node_index: link.nodeIndex,
        path_prefix: link.pathPrefix,
        note: link.note,
        expires_at: link.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.find(link.projectId, id)) as ShareLinkRecord;
  }

  async findBySecretHash(secretHash: string): Promise<ResolvedShareLink | null> {
    const row = await this.links().where('l.secret_hash', '=', secretHash).executeTakeFirst();
    return row ? { ...recordOf(row), organizationId: row.organization_id, sharingEnabled: row.share_links_enabled } : null;
  }

  async find(projectId: string, linkId: string): Promise<ShareLinkRecord | null> {
    const row = await this.links().where('l.project_id', '=', projectId).where('l.id', '=', linkId).executeTakeFirst();
    return row ? recordOf(row) : null;
  }

  async listForProject(projectId: string, filter: { createdBy?: string } = {}): Promise<ShareLinkRecord[]> {
    let query = this.links().where('l.project_id', '=', projectId);
    if (filter.createdBy) query = query.where('l.created_by', '=', filter.createdBy);
    const rows = await query.orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').execute();
    return rows.map(recordOf);
  }

  async revoke(linkId: string, at: Date): Promise<void> {
    await this.database.db.updateTable('share_links').set({ revoked_at: at }).where('id', '=', linkId).where('revoked_at', 'is', null).execute();
  }

  async recordUse(linkId: string, at: Date): Promise<void> {
    await this.database.db
      .updateTable('share_links')
      .set({ use_count: sql`use_count + 1`, last_used_at: at })
      .where('id', '=', linkId)
      .execute();
  }


  async latestArtifactExpiry(jobId: string, scope: ShareScope, now: Date): Promise<Date | null> {
    let query = this.database.db
      .selectFrom('artifacts')
      .select((eb) => eb.fn.max('expires_at').as('latest'))
      .where('job_id', '=', jobId)
      .where('state', '=', 'AVAILABLE')
      .where('expires_at', '>', now);
    if (scope.nodeIndex !== null) query = query.where('node_index', '=', scope.nodeIndex);
    if (scope.pathPrefix !== '') {
      const below = `${scope.pathPrefix}/`;
      query = query.where((eb) => eb.or([eb('path', '=', scope.pathPrefix), eb(sql<string>`left(path, ${below.length}::int)`, '=', below)]));
    }
    const row = await query.executeTakeFirst();
    return row?.latest ? new Date(row.latest as Date) : null;
  }

  async organizationEnabled(organizationId: string): Promise<boolean> {
    const row = await this.database.db.selectFrom('organizations').select('share_links_enabled').where('id', '=', organizationId).executeTakeFirst();
    return row?.share_links_enabled ?? false;
  }

  async setOrganizationEnabled(organizationId: string, enabled: boolean): Promise<void> {
    await this.database.db.updateTable('organizations').set({ share_links_enabled: enabled }).where('id', '=', organizationId).execute();
  }
}

interface ShareLinkRow {
  id: string;
  project_id: string;
  created_by: string;
  creator_name: string;
  creator_email: string;
  job_id: string | null;
  job_number: number | null;
  stream_name: string | null;
  stream_branch: string | null;
  node_index: number | null;
  path_prefix: string;
  note: string | null;
  expires_at: Date;
  revoked_at: Date | null;
  use_count: number;
  last_used_at: Date | null;
  created_at: Date;
}

function recordOf(row: ShareLinkRow): ShareLinkRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    creator: { id: row.created_by, name: row.creator_name, email: row.creator_email },
    job: row.job_id !== null && row.job_number !== null ? { id: row.job_id, number: row.job_number } : null,
    stream: row.stream_name !== null && row.stream_branch !== null ? { name: row.stream_name, branch: row.stream_branch } : null,
    nodeIndex: row.node_index,
    pathPrefix: row.path_prefix,
    note: row.note,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    useCount: row.use_count,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}
