import type { Artifact, ArtifactState, BlobFacts } from '@stowage/domain';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { DB } from '../generated/database';
import { prepareQuery } from '../prepared-query';
import { blobKeyOf, ensureBlobs, type NewBlob } from './blob.repository';

/** A pending artifact as the create-uploads use case inserts it: the upload's layout is stored here, once. */
export type NewUpload = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'sha256' | 'fileMode' | 'storageKey' | 'createdAt' | 'expiresAt'> & {
  /** The driver's multipart upload; null for a file of a batch stream (its bytes come in the stream). */
  uploadId: string | null;
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

/** What completing (or claiming) an upload needs of it. */
export interface UploadRecord {
  id: string;
  jobId: string;
  nodeIndex: number;
  path: string;
  state: ArtifactState;
  completedAt: Date | null;
  uploadId: string | null;
  size: number;
  partSize: number;
  storageKey: string;
  sha256: string | null;
}

/** A file of a batch stream, as the stream's request needs it. */
export type BatchFileRecord = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'sha256' | 'storageKey' | 'createdAt' | 'state'> & {
  projectId: string;
  completed: boolean;
};

/** A completed upload waiting for finalization. */
export type CompletedUploadRecord = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'sha256' | 'storageKey' | 'createdAt'> & {
  projectId: string;
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

/** An upload whose bytes were verified: it becomes available and refers to the project's blob of those bytes. */
export interface VerifiedUpload {
  id: string;
  /** `jobId/nodeIndex/path`: what the per-path lock is taken on. */
  pathKey: string;
  projectId: string;
  sha256: string;
  size: number;
  /** The upload's own object: adopted as the blob's when the project holds no such bytes yet, else orphaned. */
  storageKey: string;
  contentType: string | null;
  facts: BlobFacts;
}

export interface PublishResult {
  published: Set<string>;
  superseded: Set<string>;
  /** Earlier available artifacts at the published paths, now DELETING. */
  replaced: number;
  /** Of `published`, those whose bytes a blob already held: their own objects are orphaned. */
  deduplicated: Set<string>;
}

/** A declared file the project already holds: an available artifact referring to that blob, with no upload at all. */
export type StoredClaim = Pick<Artifact, 'id' | 'jobId' | 'nodeIndex' | 'path' | 'size' | 'fileMode' | 'contentType' | 'createdAt' | 'expiresAt'> & {
  pathKey: string;
  sha256: string;
  blobId: string;
  /** The blob's object. */
  storageKey: string;
};

/** A pending upload whose declared bytes a blob of its project holds. */
export interface PendingClaim {
  id: string;
  pathKey: string;
  sha256: string;
  blobId: string;
  /** The blob's object. */
  storageKey: string;
  contentType: string;
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
  /** The files of a batch stream, with their project (any state; missing ids are left out). */
  findBatchFiles(artifactIds: readonly string[]): Promise<BatchFileRecord[]>;
  /**
   * Records completion of batch files whose bytes were checked in flight (`sha256` is both the
   * declared and the computed digest; expiry stays as declared), only of uploads still pending and
   * not completed, and answers those it completed: of two requests sending one batch, each file is one's.
   */
  markBatchCompleted(at: Date, verified: Array<{ id: string; sha256: string }>): Promise<Set<string>>;
  /** Of these, the uploads completed and still pending. */
  findCompleted(artifactIds: readonly string[]): Promise<CompletedUploadRecord[]>;
  /**
   * Makes `winners` available in one transaction, and DELETING both the earlier available artifacts at
   * their (job, container, path) and `losers` (older uploads of a path in the same batch). Serialised
   * per path with advisory locks, so two replacements of one path cannot both win.
   */
  publish(at: Date, winners: VerifiedUpload[], losers: string[]): Promise<PublishResult>;
  /**
   * Inserts each claim as an available artifact referring to its blob, if the blob is still
   * AVAILABLE under a FOR SHARE lock (see BlobRepository), replacing earlier artifacts at the path
   * under the same per-path lock as publish. Answers the claims that won; the others' blobs were
   * being deleted, and their bytes must be sent.
   */
  claim(at: Date, claims: StoredClaim[]): Promise<{ claimed: Set<string>; replaced: number }>;
  /**
   * The same for uploads already declared and not completed (agents that hash while sending): each
   * becomes available referring to its blob, if both are still as they were under the locks.
   * Answers the ones claimed; their store uploads are the caller's to abort.
   */
  claimPending(at: Date, claims: PendingClaim[]): Promise<{ claimed: Set<string>; replaced: number }>;
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
      .select(['id', 'job_id', 'node_index', 'path', 'state', 'completed_at', 'upload_id', 'size', 'part_size', 'storage_key', 'sha256'])
      .where('id', '=', sql<string>`ANY(${artifactIds}::uuid[])`)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      nodeIndex: row.node_index,
      path: row.path,
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

  async findBatchFiles(artifactIds: readonly string[]): Promise<BatchFileRecord[]> {
    if (!artifactIds.length) return [];
    const rows = await this.database.db
      .selectFrom('artifacts as a')
      .innerJoin('jobs as j', 'j.id', 'a.job_id')
      .select(['a.id', 'a.job_id', 'j.project_id', 'a.node_index', 'a.path', 'a.size', 'a.sha256', 'a.storage_key', 'a.created_at', 'a.state', 'a.completed_at'])
      .where('a.id', '=', sql<string>`ANY(${[...artifactIds]}::uuid[])`)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      projectId: row.project_id,
      nodeIndex: row.node_index,
      path: row.path,
      size: Number(row.size),
      sha256: row.sha256,
      storageKey: row.storage_key,
      createdAt: row.created_at as Date,
      state: row.state as ArtifactState,
      completed: row.completed_at !== null,
    }));
  }

  async markBatchCompleted(at: Date, verified: Array<{ id: string; sha256: string }>): Promise<Set<string>> {
    if (!verified.length) return new Set();
    const { rows } = await sql<{ id: string }>`
      UPDATE artifacts AS a SET completed_at = ${at}, upload_id = NULL, computed_sha256 = v.sha
      FROM unnest(${verified.map((c) => c.id)}::uuid[], ${verified.map((c) => c.sha256)}::text[]) AS v(id, sha)
      WHERE a.id = v.id AND a.completed_at IS NULL AND a.state = 'PENDING' AND a.sha256 = v.sha
      RETURNING a.id::text AS id`.execute(this.database.db);
    return new Set(rows.map((row) => row.id));
  }

  async findCompleted(artifactIds: readonly string[]): Promise<CompletedUploadRecord[]> {
    if (!artifactIds.length) return [];
    const rows = await this.database.db
      .selectFrom('artifacts as a')
      .innerJoin('jobs as j', 'j.id', 'a.job_id')
      .select(['a.id', 'a.job_id', 'j.project_id', 'a.node_index', 'a.path', 'a.size', 'a.sha256', 'a.computed_sha256', 'a.storage_key', 'a.created_at'])
      .where('a.id', '=', sql<string>`ANY(${[...artifactIds]}::uuid[])`)
      .where('a.state', '=', 'PENDING')
      .where('a.completed_at', 'is not', null)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      projectId: row.project_id,
      nodeIndex: row.node_index,
      path: row.path,
      size: Number(row.size),
      sha256: row.sha256,
      computedSha256: row.computed_sha256,
      storageKey: row.storage_key,
      createdAt: row.created_at as Date,
    }));
  }

  async publish(at: Date, winners: VerifiedUpload[], losers: string[]): Promise<PublishResult> {
    return this.database.db.transaction().execute(async (trx) => {
      await lockPaths(trx, winners.map((w) => w.pathKey));
      // Only uploads still pending get a blob: a concurrent run of the same finalization waits here.
      const pending = new Set(
        (await trx.selectFrom('artifacts').select('id').where('id', '=', sql<string>`ANY(${winners.map((w) => w.id)}::uuid[])`).where('state', '=', 'PENDING').orderBy('id').forUpdate().execute()).map(
          (row) => row.id,
        ),
      );
      const publishing = winners.filter((w) => pending.has(w.id));
      const blobs = publishing.length ? await ensureBlobs(trx, publishing.map(newBlobOf)) : new Map<string, { id: string; storageKey: string }>();
      const blobOf = (w: VerifiedUpload) => blobs.get(blobKeyOf(w.projectId, w.sha256, w.size))!;
      // One statement, one snapshot: `replaced` sees the rows as they were before `published` wrote.
      const { rows } = await sql<{ published: string[] | null; replaced: number }>`
        WITH published AS (
          UPDATE artifacts AS a SET state = 'AVAILABLE', available_at = ${at}, content_type = v.content_type,
            computed_sha256 = v.sha256, failure_reason = NULL, blob_id = v.blob_id, storage_key = v.blob_key
          FROM unnest(${publishing.map((w) => w.id)}::uuid[], ${publishing.map((w) => w.contentType)}::text[],
                      ${publishing.map((w) => w.sha256)}::text[], ${publishing.map((w) => blobOf(w).id)}::uuid[],
                      ${publishing.map((w) => blobOf(w).storageKey)}::text[]) AS v(id, content_type, sha256, blob_id, blob_key)
          WHERE a.id = v.id AND a.state = 'PENDING'
          RETURNING a.id, a.job_id, a.node_index, a.path
        ), replaced AS (
          -- path COLLATE "C": the listing index (artifacts_available_listing_idx) keeps paths in byte
          -- order, and only a "C" comparison lets it find the path; with the default collation the
          -- planner used it for (job, node) alone and read every available artifact of the job for
          -- each published row (publishing 500 files into a job of 10,000 took 1.1 s, now 50 ms).
          -- Equality is byte equality under either collation (both are deterministic).
          UPDATE artifacts AS o SET state = 'DELETING' FROM published AS p
          WHERE o.job_id = p.job_id AND o.node_index = p.node_index AND o.path COLLATE "C" = p.path AND o.state = 'AVAILABLE' AND o.id <> p.id
          RETURNING o.id
        )
        SELECT (SELECT array_agg(id::text) FROM published) AS published, (SELECT count(*)::int FROM replaced) AS replaced`.execute(trx);
      // An upload whose bytes the project already held: its own object is no row's any more.
      const deduplicated = publishing.filter((w) => blobOf(w).storageKey !== w.storageKey);
      if (deduplicated.length) {
        await trx
          .insertInto('orphaned_objects')
          .values(deduplicated.map((w) => ({ storage_key: w.storageKey, created_at: at })))
          .onConflict((oc) => oc.column('storage_key').doNothing())
          .execute();
      }
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
      return {
        published: new Set(row.published ?? []),
        superseded: new Set(superseded.map(({ id }) => id)),
        replaced: row.replaced,
        deduplicated: new Set(deduplicated.map((w) => w.id)),
      };
    });
  }

  async claim(at: Date, claims: StoredClaim[]): Promise<{ claimed: Set<string>; replaced: number }> {
    if (!claims.length) return { claimed: new Set(), replaced: 0 };
    return this.database.db.transaction().execute(async (trx) => {
      await lockPaths(trx, claims.map((c) => c.pathKey));
      // The blob must still be AVAILABLE once locked: a sweep that marked it DELETING first wins.
      const held = await lockAvailableBlobs(trx, claims.map((c) => c.blobId));
      const winning = claims.filter((c) => held.has(c.blobId));
      if (!winning.length) return { claimed: new Set<string>(), replaced: 0 };
      const { rows } = await sql<{ replaced: number }>`
        WITH claimed AS (
          INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, computed_sha256, content_type, file_mode, storage_key,
                                 state, part_size, blob_id, created_at, completed_at, available_at, expires_at)
          SELECT v.id, v.job_id, v.node_index, v.path, v.size, v.sha256, v.sha256, v.content_type, v.file_mode, v.storage_key,
                 'AVAILABLE', GREATEST(v.size, 1), v.blob_id, ${at}, ${at}, ${at}, v.expires_at
          FROM unnest(${winning.map((c) => c.id)}::uuid[], ${winning.map((c) => c.jobId)}::uuid[], ${winning.map((c) => c.nodeIndex)}::int[],
                      ${winning.map((c) => c.path)}::text[], ${winning.map((c) => String(c.size))}::bigint[], ${winning.map((c) => c.sha256)}::text[],
                      ${winning.map((c) => c.contentType)}::text[], ${winning.map((c) => c.fileMode)}::int[], ${winning.map((c) => c.storageKey)}::text[],
                      ${winning.map((c) => c.blobId)}::uuid[], ${winning.map((c) => c.expiresAt)}::timestamptz[])
            AS v(id, job_id, node_index, path, size, sha256, content_type, file_mode, storage_key, blob_id, expires_at)
          RETURNING id, job_id, node_index, path
        ), replaced AS (
          UPDATE artifacts AS o SET state = 'DELETING' FROM claimed AS c
          WHERE o.job_id = c.job_id AND o.node_index = c.node_index AND o.path COLLATE "C" = c.path AND o.state = 'AVAILABLE' AND o.id <> c.id
          RETURNING o.id
        )
        SELECT (SELECT count(*)::int FROM replaced) AS replaced`.execute(trx);
      return { claimed: new Set(winning.map((c) => c.id)), replaced: rows[0]!.replaced };
    });
  }

  async claimPending(at: Date, claims: PendingClaim[]): Promise<{ claimed: Set<string>; replaced: number }> {
    if (!claims.length) return { claimed: new Set(), replaced: 0 };
    return this.database.db.transaction().execute(async (trx) => {
      await lockPaths(trx, claims.map((c) => c.pathKey));
      const held = await lockAvailableBlobs(trx, claims.map((c) => c.blobId));
      const winning = claims.filter((c) => held.has(c.blobId));
      if (!winning.length) return { claimed: new Set<string>(), replaced: 0 };
      const { rows } = await sql<{ claimed: string[] | null; replaced: number }>`
        WITH claimed AS (
          UPDATE artifacts AS a SET state = 'AVAILABLE', blob_id = v.blob_id, storage_key = v.blob_key, sha256 = v.sha256,
            computed_sha256 = v.sha256, content_type = v.content_type, upload_id = NULL, completed_at = ${at}, available_at = ${at}
          FROM unnest(${winning.map((c) => c.id)}::uuid[], ${winning.map((c) => c.blobId)}::uuid[], ${winning.map((c) => c.storageKey)}::text[],
                      ${winning.map((c) => c.sha256)}::text[], ${winning.map((c) => c.contentType)}::text[]) AS v(id, blob_id, blob_key, sha256, content_type)
          WHERE a.id = v.id AND a.state = 'PENDING' AND a.completed_at IS NULL AND (a.sha256 IS NULL OR a.sha256 = v.sha256)
          RETURNING a.id, a.job_id, a.node_index, a.path
        ), replaced AS (
          UPDATE artifacts AS o SET state = 'DELETING' FROM claimed AS c
          WHERE o.job_id = c.job_id AND o.node_index = c.node_index AND o.path = c.path AND o.state = 'AVAILABLE' AND o.id <> c.id
          RETURNING o.id
        )
        SELECT (SELECT array_agg(id::text) FROM claimed) AS claimed, (SELECT count(*)::int FROM replaced) AS replaced`.execute(trx);
      return { claimed: new Set(rows[0]!.claimed ?? []), replaced: rows[0]!.replaced };
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

/** The blob a verified upload would become, if the project holds no such bytes yet. */
export function newBlobOf(upload: VerifiedUpload): NewBlob {
  return { projectId: upload.projectId, sha256: upload.sha256, size: upload.size, storageKey: upload.storageKey, ...upload.facts };
}

/** Of these blobs, the ones still AVAILABLE once locked FOR SHARE: a sweep that marked one DELETING first wins. */
async function lockAvailableBlobs(trx: Transaction<DB>, blobIds: readonly string[]): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('blobs')
    .select('id')
    .where('id', '=', sql<string>`ANY(${[...new Set(blobIds)]}::uuid[])`)
    .where('state', '=', 'AVAILABLE')
    .orderBy('id')
    .forShare()
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Serialises finalizations and claims of the same (job, container, path), so two replacements of
 * one path cannot both win, while other paths go in parallel. Taken in hash order: no deadlocks.
 */
async function lockPaths(trx: Transaction<DB>, pathKeys: readonly string[]): Promise<void> {
  await sql`
    SELECT pg_advisory_xact_lock(h) FROM (
      SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${[...pathKeys]}::text[]) AS k ORDER BY h
    ) AS locks`.execute(trx);
}
