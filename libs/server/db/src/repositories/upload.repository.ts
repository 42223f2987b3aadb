import type { Artifact, ArtifactState } from '@stowage/domain';
import { sql } from 'kysely';
import type { Database } from '../database';
import { prepareQuery } from '../prepared-query';

/** A pending artifact as the create-uploads use case inserts it: the upload's layout is stored here, once. */
export type NewUpload = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'sha256' | 'fileMode' | 'storageKey' | 'createdAt' | 'expiresAt'> & {
  uploadId: string;
  partSize: number;
  /** The agent's stamp of its file (see ResumableUpload), if it sent one. */
  sourceStamp: string | null;
};

/** A part the store holds durably, as the ledger records it. */
export interface ReceivedPart {
  artifactId: string;
  partNumber: number;
  size: number;
  etag: string;
  receivedAt: Date;
}

/**
 * An upload that was created and never completed, with the parts the ledger says the store holds:
 * what a re-declaration of the same file may resume.
 */
export type ResumableUpload = Pick<Artifact, 'id' | 'path' | 'size' | 'sha256' | 'storageKey' | 'createdAt'> & {
  uploadId: string;
  partSize: number;
  sourceStamp: string | null;
  parts: Array<Pick<ReceivedPart, 'partNumber' | 'size' | 'etag'>>;
};

/** What the part PUT needs of its upload. */
export interface PartTargetRecord {
  state: ArtifactState;
  completed: boolean;
  uploadId: string | null;
  size: number;
  partSize: number;
  storageKey: string;
  path: string;
}

/** What completing an upload needs of it. */
export interface UploadRecord {
  id: string;
  jobId: string;
  state: ArtifactState;
  completedAt: Date | null;
  uploadId: string | null;
  size: number;
  partSize: number;
  storageKey: string;
  sha256: string | null;
}

/** A completed upload waiting for finalization. */
export type CompletedUploadRecord = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'sha256' | 'storageKey' | 'createdAt'> & {
  computedSha256: string | null;
};

export interface UploadCompletion {
  id: string;
  /** The sha256 the agent declared (at creation or completion). */
  sha256: string;
  /** The one the driver computed while the bytes streamed in, if it did. */
  computedSha256: string | null;
  retentionDays: number;
}

export interface VerifiedUpload {
  id: string;
  contentType: string | null;
  sha256: string;
}

export interface PublishResult {
  published: Set<string>;
  superseded: Set<string>;
  /** Earlier available artifacts at the published paths, now DELETING. */
  replaced: number;
}

/**
 * Pending artifacts: the uploads from creation to finalization, and the sweeps that clean up after
 * them. The part PUT's lookup runs on every part, so it is a prepared statement.
 */
export interface UploadRepository {
  createPending(uploads: NewUpload[]): Promise<void>;
  findPartTarget(artifactId: string): Promise<PartTargetRecord | null>;
  findForCompletion(artifactIds: string[]): Promise<UploadRecord[]>;
  /** Records completion (only of uploads not completed yet); expiry is `at` plus each one's retention. */
  markCompleted(at: Date, completions: UploadCompletion[]): Promise<void>;
  /** Of these, the uploads completed and still pending. */
  findCompleted(artifactIds: readonly string[]): Promise<CompletedUploadRecord[]>;
  /**
   * Makes `winners` available in one transaction, and DELETING both the earlier available artifacts at
   * their (job, container, path) and `losers` (older uploads of a path in the same batch). Serialised
   * per path with advisory locks, so two replacements of one path cannot both win.
   */
  publish(at: Date, winners: Array<VerifiedUpload & { pathKey: string }>, losers: string[]): Promise<PublishResult>;
  /** Fails uploads still pending, with a reason; answers the ones it failed, with their keys. */
  fail(failures: Array<{ id: string; reason: string }>): Promise<Array<{ id: string; storageKey: string }>>;
  /** Uploads created before `cutoff` and never completed, but those in `excluding`. */
  findAbandoned(cutoff: Date, excluding: string[], limit: number): Promise<Array<{ id: string; storageKey: string; uploadId: string | null }>>;
  /** Removes rows of uploads never completed (they never were artifacts). */
  deleteAbandoned(artifactIds: string[]): Promise<void>;
  /**
   * Records parts the store holds durably (a part sent again replaces its entry). Parts of uploads
   * that are gone or already completed are ignored: nothing can resume them.
   */
  recordParts(parts: ReceivedPart[]): Promise<void>;
  /**
   * Uploads at these paths of one job's container that are pending, never completed and created
   * after `createdAfter`, newest first, each with its ledger of parts.
   */
  findResumable(query: { jobId: string; nodeIndex: number; paths: string[]; createdAfter: Date }): Promise<ResumableUpload[]>;
  /** Whether a row knows this store upload. */
  isUploadKnown(storageKey: string, uploadId: string): Promise<boolean>;
  /** Ids of uploads completed before `cutoff` and still pending (their finalization was lost). */
  findStalledCompleted(cutoff: Date, limit: number): Promise<string[]>;
}

const PART_TARGET = prepareQuery('uploads.part-target', (db, p: { artifactId: string }) =>
  db
    .selectFrom('artifacts')
    .select(['state', 'completed_at', 'upload_id', 'size', 'part_size', 'storage_key', 'path'])
    .where('id', '=', sql<string>`${p.artifactId}::uuid`),
);

export class PgUploadRepository implements UploadRepository {
  constructor(private readonly database: Database) {}

  async createPending(uploads: NewUpload[]): Promise<void> {
    if (!uploads.length) return;
    await this.database.db
      .insertInto('artifacts')
      .values(
        uploads.map((u) => ({
          id: u.id,
          job_id: u.jobId,
          node_index: u.nodeIndex,
          path: u.path,
          size: String(u.size),
          sha256: u.sha256,
          file_mode: u.fileMode,
          storage_key: u.storageKey,
          upload_id: u.uploadId,
          part_size: String(u.partSize),
          source_stamp: u.sourceStamp,
          state: 'PENDING' as const,
          created_at: u.createdAt,
          expires_at: u.expiresAt,
        })),
      )
      .execute();
  }

  async findPartTarget(artifactId: string): Promise<PartTargetRecord | null> {
    const [row] = await this.database.run(PART_TARGET, { artifactId });
    if (!row) return null;
    return {
      state: row.state as ArtifactState,
      completed: row.completed_at !== null,
      uploadId: row.upload_id,
      size: Number(row.size),
      partSize: Number(row.part_size),
      storageKey: row.storage_key,
      path: row.path,
    };
  }

  async findForCompletion(artifactIds: string[]): Promise<UploadRecord[]> {
    if (!artifactIds.length) return [];
    const rows = await this.database.db
      .selectFrom('artifacts')
      .select(['id', 'job_id', 'state', 'completed_at', 'upload_id', 'size', 'part_size', 'storage_key', 'sha256'])
      .where('id', '=', sql<string>`ANY(${artifactIds}::uuid[])`)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      state: row.state as ArtifactState,
      completedAt: row.completed_at as Date | null,
      uploadId: row.upload_id,
      size: Number(row.size),
      partSize: Number(row.part_size),
      storageKey: row.storage_key,
      sha256: row.sha256,
    }));
  }

  async markCompleted(at: Date, completions: UploadCompletion[]): Promise<void> {
    if (!completions.length) return;
    // One statement for the whole batch; expiry is upload time plus the organization's retention.
    await sql`
      UPDATE artifacts AS a SET completed_at = ${at}, upload_id = NULL, sha256 = v.declared, computed_sha256 = v.sha,
        expires_at = ${at}::timestamptz + make_interval(days => v.days)
      FROM unnest(${completions.map((c) => c.id)}::uuid[], ${completions.map((c) => c.sha256)}::text[],
                  ${completions.map((c) => c.computedSha256)}::text[], ${completions.map((c) => c.retentionDays)}::int[]) AS v(id, declared, sha, days)
      WHERE a.id = v.id AND a.completed_at IS NULL`.execute(this.database.db);
  }

  async findCompleted(artifactIds: readonly string[]): Promise<CompletedUploadRecord[]> {
    if (!artifactIds.length) return [];
    const rows = await this.database.db
      .selectFrom('artifacts')
      .select(['id', 'job_id', 'node_index', 'path', 'size', 'sha256', 'computed_sha256', 'storage_key', 'created_at'])
      .where('id', '=', sql<string>`ANY(${[...artifactIds]}::uuid[])`)
      .where('state', '=', 'PENDING')
      .where('completed_at', 'is not', null)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      nodeIndex: row.node_index,
      path: row.path,
      size: Number(row.size),
      sha256: row.sha256,
      computedSha256: row.computed_sha256,
      storageKey: row.storage_key,
      createdAt: row.created_at as Date,
    }));
  }

  async publish(at: Date, winners: Array<VerifiedUpload & { pathKey: string }>, losers: string[]): Promise<PublishResult> {
    return this.database.db.transaction().execute(async (trx) => {
      // Serialises finalizations of the same paths, so two replacements of one path cannot both win,
      // while other paths finalize in parallel. Taken in hash order so two batches cannot deadlock.
      await sql`
        SELECT pg_advisory_xact_lock(h) FROM (
          SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${winners.map((w) => w.pathKey)}::text[]) AS k ORDER BY h
        ) AS locks`.execute(trx);
      // One statement, one snapshot: `replaced` sees the rows as they were before `published` wrote.
      const { rows } = await sql<{ published: string[] | null; replaced: number }>`
        WITH published AS (
          UPDATE artifacts AS a SET state = 'AVAILABLE', available_at = ${at}, content_type = v.content_type,
            computed_sha256 = v.sha256, failure_reason = NULL
          FROM unnest(${winners.map((w) => w.id)}::uuid[], ${winners.map((w) => w.contentType)}::text[],
                      ${winners.map((w) => w.sha256)}::text[]) AS v(id, content_type, sha256)
          WHERE a.id = v.id AND a.state = 'PENDING'
          RETURNING a.id, a.job_id, a.node_index, a.path
        ), replaced AS (
          UPDATE artifacts AS o SET state = 'DELETING' FROM published AS p
          WHERE o.job_id = p.job_id AND o.node_index = p.node_index AND o.path = p.path AND o.state = 'AVAILABLE' AND o.id <> p.id
          RETURNING o.id
        )
        SELECT (SELECT array_agg(id::text) FROM published) AS published, (SELECT count(*)::int FROM replaced) AS replaced`.execute(trx);
      const superseded = losers.length
        ? await trx
            .updateTable('artifacts')
            .set({ state: 'DELETING' })
            .where('id', '=', sql<string>`ANY(${losers}::uuid[])`)
            .where('state', '=', 'PENDING')
            .returning('id')
            .execute()
        : [];
      const row = rows[0]!;
      return { published: new Set(row.published ?? []), superseded: new Set(superseded.map(({ id }) => id)), replaced: row.replaced };
    });
  }

  async fail(failures: Array<{ id: string; reason: string }>): Promise<Array<{ id: string; storageKey: string }>> {
    if (!failures.length) return [];
    const { rows } = await sql<{ id: string; storage_key: string }>`
      UPDATE artifacts AS a SET state = 'FAILED', failure_reason = v.reason
      FROM unnest(${failures.map((f) => f.id)}::uuid[], ${failures.map((f) => f.reason)}::text[]) AS v(id, reason)
      WHERE a.id = v.id AND a.state = 'PENDING'
      RETURNING a.id::text AS id, a.storage_key`.execute(this.database.db);
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key }));
  }

  async findAbandoned(cutoff: Date, excluding: string[], limit: number) {
    let query = this.database.db
      .selectFrom('artifacts')
      .select(['id', 'storage_key', 'upload_id'])
      .where('state', '=', 'PENDING')
      .where('completed_at', 'is', null)
      .where('created_at', '<', cutoff);
    if (excluding.length) query = query.where('id', '<>', sql<string>`ALL(${excluding}::uuid[])`);
    const rows = await query.limit(limit).execute();
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, uploadId: row.upload_id }));
  }

  async deleteAbandoned(artifactIds: string[]): Promise<void> {
    if (!artifactIds.length) return;
    await this.database.db
      .deleteFrom('artifacts')
      .where('id', '=', sql<string>`ANY(${artifactIds}::uuid[])`)
      .where('completed_at', 'is', null)
      .execute();
  }

  async recordParts(parts: ReceivedPart[]): Promise<void> {
    if (!parts.length) return;
    // The join keeps out parts of uploads swept or completed meanwhile (the foreign key alone would
    // refuse the first and accept the second).
    await sql`
      INSERT INTO upload_parts (artifact_id, part_number, size, etag, received_at)
      SELECT v.artifact_id, v.part_number, v.size, v.etag, v.received_at
      FROM unnest(${parts.map((p) => p.artifactId)}::uuid[], ${parts.map((p) => p.partNumber)}::int[], ${parts.map((p) => String(p.size))}::bigint[],
                  ${parts.map((p) => p.etag)}::text[], ${parts.map((p) => p.receivedAt)}::timestamptz[]) AS v(artifact_id, part_number, size, etag, received_at)
      JOIN artifacts AS a ON a.id = v.artifact_id AND a.state = 'PENDING' AND a.completed_at IS NULL
      ON CONFLICT (artifact_id, part_number) DO UPDATE SET size = EXCLUDED.size, etag = EXCLUDED.etag, received_at = EXCLUDED.received_at`.execute(this.database.db);
  }

  async findResumable(query: { jobId: string; nodeIndex: number; paths: string[]; createdAfter: Date }): Promise<ResumableUpload[]> {
    if (!query.paths.length) return [];
    const rows = await this.database.db
      .selectFrom('artifacts as a')
      .leftJoin('upload_parts as p', 'p.artifact_id', 'a.id')
      .select(['a.id', 'a.path', 'a.size', 'a.sha256', 'a.storage_key', 'a.created_at', 'a.upload_id', 'a.part_size', 'a.source_stamp', 'p.part_number', 'p.size as part_bytes', 'p.etag'])
      .where('a.job_id', '=', query.jobId)
      .where('a.node_index', '=', query.nodeIndex)
      .where('a.path', '=', sql<string>`ANY(${query.paths}::text[])`)
      .where('a.state', '=', 'PENDING')
      .where('a.completed_at', 'is', null)
      .where('a.upload_id', 'is not', null)
      .where('a.created_at', '>', query.createdAfter)
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id')
      .orderBy('p.part_number')
      .execute();
    const uploads = new Map<string, ResumableUpload>();
    for (const row of rows) {
      let upload = uploads.get(row.id);
      if (!upload) {
        upload = {
          id: row.id,
          path: row.path,
          size: Number(row.size),
          sha256: row.sha256,
          storageKey: row.storage_key,
          createdAt: row.created_at as Date,
          uploadId: row.upload_id!,
          partSize: Number(row.part_size),
          sourceStamp: row.source_stamp,
          parts: [],
        };
        uploads.set(row.id, upload);
      }
      if (row.part_number !== null) upload.parts.push({ partNumber: row.part_number, size: Number(row.part_bytes), etag: row.etag! });
    }
    return [...uploads.values()];
  }

  async isUploadKnown(storageKey: string, uploadId: string): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('artifacts')
      .select('id')
      .where('storage_key', '=', storageKey)
      .where('upload_id', '=', uploadId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findStalledCompleted(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.database.db
      .selectFrom('artifacts')
      .select('id')
      .where('state', '=', 'PENDING')
      .where('completed_at', 'is not', null)
      .where('completed_at', '<', cutoff)
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
}
