import type { CoreDumpFacts } from '@stowage/contracts';
import type { ArtifactState, Blob, BlobFacts, BlobState } from '@stowage/domain';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { DB } from '../generated/database';

/** Bytes as a claim names them: one project's SHA-256 and size. */
export interface BlobDigest {
  sha256: string;
  size: number;
}

/** A blob whose bytes are to be deleted (or were), with what it held. */
export type DoomedBlob = Pick<Blob, 'id' | 'storageKey' | 'size'>;

/** Per project: what the artifacts add up to (logical) and the unique bytes stored for them (physical). */
export interface ProjectStorage {
  projectId: string;
  logicalBytes: number;
  physicalBytes: number;
}

/** An artifact referring to a blob, as a purge's confirmation lists it. */
export interface BlobReferrer {
  id: string;
  jobNumber: number;
  nodeIndex: number;
  path: string;
  size: number;
  state: ArtifactState;
}

/**
 * Blobs: verified bytes stored once per project. The claim/sweep protocol is in row locks:
 *
 * - a claim (an upload repository method) locks the blob `FOR SHARE` with `state = 'AVAILABLE'`
 *   rechecked under the lock, and inserts its artifact in the same transaction;
 * - the sweep locks candidates `FOR UPDATE`, then, in a later statement (a fresh snapshot, which sees
 *   every claim that committed while it waited), marks DELETING only those no artifact refers to.
 *
 * So a claim either commits first (the sweep then sees its artifact and keeps the blob) or waits
 * and finds the blob DELETING (it misses, and the agent sends the bytes). Objects are deleted only
 * after that, and rows after their objects.
 */
export interface BlobRepository {
  /** AVAILABLE blobs of a project with these digests; a claim rechecks each under its lock. */
  findStored(projectId: string, digests: readonly BlobDigest[]): Promise<Blob[]>;
  findById(blobId: string): Promise<Blob | null>;
  /** The blob an artifact refers to. */
  findByArtifact(artifactId: string): Promise<Blob | null>;
  /** Records what the first bytes of a blob say (blobs adopted by the migration were never read). */
  saveFacts(blobId: string, facts: BlobFacts): Promise<void>;
  /** Records an ELF core's facts as its bytes give them (the indexer reads them once per blob). */
  saveCoreFacts(blobId: string, facts: CoreDumpFacts): Promise<void>;
  /**
   * Of `candidates`, the AVAILABLE blobs no artifact refers to, marked DELETING (at most `limit`);
   * all of the project's or the store's when `candidates` is omitted.
   */
  markUnreferencedDeleting(limit: number, candidates?: readonly string[]): Promise<DoomedBlob[]>;
  /** Marks one blob DELETING whatever refers to it (a purge); answers whether it was AVAILABLE. */
  markDeleting(blobId: string): Promise<boolean>;
  /** Artifacts (every state but DELETING) referring to the blob: how many, and the first `limit` by job, container, path. */
  listReferrers(blobId: string, limit: number): Promise<{ total: number; artifacts: BlobReferrer[] }>;
  /**
   * A purge, in one transaction: the blob is locked FOR UPDATE (a claim holding it FOR SHARE commits
   * first; a later one finds it DELETING), its referring artifacts are counted, and only when there
   * are exactly `expectedArtifacts` (what the confirmation showed) are the blob and every one of
   * them marked DELETING. Answers how many refer to it and whether it purged; null for no such blob.
   */
  purge(blobId: string, expectedArtifacts: number): Promise<{ purged: boolean; artifacts: number } | null>;
  /**
   * Verification found the bytes missing or corrupt: if the blob is still AVAILABLE, it becomes
   * DELETING (no claim may refer to those bytes again) and its AVAILABLE artifacts FAILED with
   * `reason`, in one transaction. Answers how many artifacts failed, or null when the blob was no
   * longer AVAILABLE (purged or swept while it was checked: nothing to report).
   */
  markBroken(blobId: string, reason: string): Promise<number | null>;
  /** DELETING blobs no artifact refers to any more: their objects may go. */
  listDeletable(limit: number): Promise<DoomedBlob[]>;
  /** Removes rows of DELETING blobs no artifact refers to (their objects are gone). */
  remove(blobIds: readonly string[]): Promise<void>;
  /** Objects no row refers to (an upload whose bytes a blob already held), oldest first. */
  listOrphanedObjects(limit: number): Promise<string[]>;
  removeOrphanedObjects(keys: readonly string[]): Promise<void>;
  /** AVAILABLE blobs in id order after `after`, for verification. */
  listAvailable(page: { after?: string; limit: number }): Promise<Blob[]>;
  /**
   * Logical and physical bytes of each project of an organization that stores anything: physical is
   * each AVAILABLE blob once, plus available artifacts that are no blob (their object is their own).
   */
  storageByProject(organizationId: string): Promise<ProjectStorage[]>;
}

type BlobRow = {
  id: string;
  project_id: string;
  sha256: string;
  size: string;
  storage_key: string;
  sniffed_type: string | null;
  is_text: boolean | null;
  is_elf_core: boolean;
  core_facts: unknown;
  state: string;
  created_at: Date | string;
};

export function blobOf(row: BlobRow): Blob {
  return {
    id: row.id,
    projectId: row.project_id,
    sha256: row.sha256,
    size: Number(row.size),
    storageKey: row.storage_key,
    sniffedType: row.sniffed_type,
    isText: row.is_text,
    isElfCore: row.is_elf_core,
    coreFacts: (row.core_facts as CoreDumpFacts | null) ?? null,
    state: row.state as BlobState,
    createdAt: new Date(row.created_at),
  };
}

const BLOB_COLUMNS = ['id', 'project_id', 'sha256', 'size', 'storage_key', 'sniffed_type', 'is_text', 'is_elf_core', 'core_facts', 'state', 'created_at'] as const;

/** New blobs for verified uploads, one per digest of a project: what finalization stores. */
export interface NewBlob extends BlobDigest, BlobFacts {
  projectId: string;
  /** The verified upload's own key, adopted as the blob's object. */
  storageKey: string;
}

const digestKey = (projectId: string, sha256: string, size: number) => `${projectId}/${sha256}/${size}`;

/**
 * Inside a transaction: the AVAILABLE blob of each digest, created from the upload when there is
 * none, and locked FOR SHARE so no sweep can take it before the transaction commits. A blob the
 * sweep marks DELETING while this waits is missed, and a new one is created in its place.
 */
export async function ensureBlobs(trx: Transaction<DB> | Kysely<DB>, blobs: readonly NewBlob[]): Promise<Map<string, { id: string; storageKey: string }>> {
  const found = new Map<string, { id: string; storageKey: string }>();
  let missing = [...new Map(blobs.map((b) => [digestKey(b.projectId, b.sha256, b.size), b])).values()];
  for (let attempt = 0; missing.length && attempt < 5; attempt++) {
    await sql`
      INSERT INTO blobs (id, project_id, sha256, size, storage_key, sniffed_type, is_text, is_elf_core)
      SELECT gen_random_uuid(), v.project_id, v.sha256, v.size, v.storage_key, v.sniffed_type, v.is_text, v.is_elf_core
      FROM unnest(${missing.map((b) => b.projectId)}::uuid[], ${missing.map((b) => b.sha256)}::text[], ${missing.map((b) => String(b.size))}::bigint[],
                  ${missing.map((b) => b.storageKey)}::text[], ${missing.map((b) => b.sniffedType)}::text[], ${missing.map((b) => b.isText)}::boolean[],
                  ${missing.map((b) => b.isElfCore)}::boolean[]) AS v(project_id, sha256, size, storage_key, sniffed_type, is_text, is_elf_core)
      ON CONFLICT (project_id, sha256, size) WHERE state = 'AVAILABLE' DO NOTHING`.execute(trx);
    const { rows } = await sql<{ id: string; project_id: string; sha256: string; size: string; storage_key: string }>`
      SELECT b.id, b.project_id, b.sha256, b.size, b.storage_key FROM blobs b
      JOIN unnest(${missing.map((b) => b.projectId)}::uuid[], ${missing.map((b) => b.sha256)}::text[], ${missing.map((b) => String(b.size))}::bigint[]) AS v(project_id, sha256, size)
        ON b.project_id = v.project_id AND b.sha256 = v.sha256 AND b.size = v.size
      WHERE b.state = 'AVAILABLE'
      ORDER BY b.id
      FOR SHARE OF b`.execute(trx);
    for (const row of rows) found.set(digestKey(row.project_id, row.sha256, Number(row.size)), { id: row.id, storageKey: row.storage_key });
    missing = missing.filter((b) => !found.has(digestKey(b.projectId, b.sha256, b.size)));
  }
  if (missing.length) throw new Error(`could not store ${missing.length} blob(s): each was swept while being claimed, five times over`);
  return found;
}

/** The key ensureBlobs answers under, for callers matching its map. */
export const blobKeyOf = digestKey;

export class PgBlobRepository implements BlobRepository {
  constructor(private readonly database: Database) {}

  async findStored(projectId: string, digests: readonly BlobDigest[]): Promise<Blob[]> {
    if (!digests.length) return [];
    const { rows } = await sql<BlobRow>`
      SELECT b.* FROM blobs b
      JOIN unnest(${digests.map((d) => d.sha256)}::text[], ${digests.map((d) => String(d.size))}::bigint[]) AS v(sha256, size)
        ON b.sha256 = v.sha256 AND b.size = v.size
      WHERE b.project_id = ${projectId}::uuid AND b.state = 'AVAILABLE'`.execute(this.database.db);
    return rows.map(blobOf);
  }

  async findById(blobId: string): Promise<Blob | null> {
    const row = await this.database.db.selectFrom('blobs').select(BLOB_COLUMNS).where('id', '=', blobId).executeTakeFirst();
    return row ? blobOf(row) : null;
  }

  async findByArtifact(artifactId: string): Promise<Blob | null> {
    const row = await this.database.db
      .selectFrom('blobs as b')
      .innerJoin('artifacts as a', 'a.blob_id', 'b.id')
      .select(BLOB_COLUMNS.map((column) => `b.${column}` as const))
      .where('a.id', '=', artifactId)
      .executeTakeFirst();
    return row ? blobOf(row) : null;
  }

  async saveFacts(blobId: string, facts: BlobFacts): Promise<void> {
    await this.database.db
      .updateTable('blobs')
      .set({ sniffed_type: facts.sniffedType, is_text: facts.isText, is_elf_core: facts.isElfCore })
      .where('id', '=', blobId)
      .execute();
  }

  async saveCoreFacts(blobId: string, facts: CoreDumpFacts): Promise<void> {
    await this.database.db.updateTable('blobs').set({ core_facts: JSON.stringify(facts) }).where('id', '=', blobId).execute();
  }

  async markUnreferencedDeleting(limit: number, candidates?: readonly string[]): Promise<DoomedBlob[]> {
    if (candidates && !candidates.length) return [];
    return this.database.db.transaction().execute(async (trx) => {
      // Lock first: a claim holding a candidate FOR SHARE makes this wait until it commits. The
      // NOT EXISTS here only narrows the candidates; its snapshot may predate such a claim.
      let locking = trx
        .selectFrom('blobs as b')
        .select('b.id')
        .where('b.state', '=', 'AVAILABLE')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('artifacts as a').select('a.id').whereRef('a.blob_id', '=', 'b.id'))))
        .orderBy('b.id')
        .limit(limit)
        .forUpdate();
      if (candidates) locking = locking.where('b.id', '=', sql<string>`ANY(${[...candidates]}::uuid[])`);
      const locked = (await locking.execute()).map((row) => row.id);
      if (!locked.length) return [];
      // A new statement, a new snapshot: it sees every claim that committed while the lock waited.
      const { rows } = await sql<{ id: string; storage_key: string; size: string }>`
        UPDATE blobs b SET state = 'DELETING'
        WHERE b.id = ANY(${locked}::uuid[]) AND b.state = 'AVAILABLE'
          AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.blob_id = b.id)
        RETURNING b.id, b.storage_key, b.size`.execute(trx);
      return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, size: Number(row.size) }));
    });
  }

  async markDeleting(blobId: string): Promise<boolean> {
    const result = await this.database.db.updateTable('blobs').set({ state: 'DELETING' }).where('id', '=', blobId).where('state', '=', 'AVAILABLE').executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listReferrers(blobId: string, limit: number): Promise<{ total: number; artifacts: BlobReferrer[] }> {
    const [rows, count] = await Promise.all([
      this.database.db
        .selectFrom('artifacts as a')
        .innerJoin('jobs as j', 'j.id', 'a.job_id')
        .select(['a.id', 'j.number', 'a.node_index', 'a.path', 'a.size', 'a.state'])
        .where('a.blob_id', '=', blobId)
        .where('a.state', '<>', 'DELETING')
        .orderBy('j.number')
        .orderBy('a.node_index')
        .orderBy(sql`a.path COLLATE "C"`)
        .orderBy('a.id')
        .limit(limit)
        .execute(),
      this.database.db
        .selectFrom('artifacts')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .where('blob_id', '=', blobId)
        .where('state', '<>', 'DELETING')
        .executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.total),
      artifacts: rows.map((row) => ({ id: row.id, jobNumber: row.number, nodeIndex: row.node_index, path: row.path, size: Number(row.size), state: row.state })),
    };
  }

  async purge(blobId: string, expectedArtifacts: number): Promise<{ purged: boolean; artifacts: number } | null> {
    return this.database.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('blobs').select('id').where('id', '=', blobId).forUpdate().executeTakeFirst();
      if (!locked) return null;
      // A new statement after the lock: it counts every claim that committed while the lock waited.
      const { total } = await trx
        .selectFrom('artifacts')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .where('blob_id', '=', blobId)
        .where('state', '<>', 'DELETING')
        .executeTakeFirstOrThrow();
      const artifacts = Number(total);
      if (artifacts !== expectedArtifacts) return { purged: false, artifacts };
      await trx.updateTable('blobs').set({ state: 'DELETING' }).where('id', '=', blobId).execute();
      await trx.updateTable('artifacts').set({ state: 'DELETING' }).where('blob_id', '=', blobId).where('state', '<>', 'DELETING').execute();
      return { purged: true, artifacts };
    });
  }

  async markBroken(blobId: string, reason: string): Promise<number | null> {
    return this.database.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('blobs').select('id').where('id', '=', blobId).where('state', '=', 'AVAILABLE').forUpdate().executeTakeFirst();
      if (!locked) return null;
      await trx.updateTable('blobs').set({ state: 'DELETING' }).where('id', '=', blobId).execute();
      const failed = await trx
        .updateTable('artifacts')
        .set({ state: 'FAILED', failure_reason: reason })
        .where('blob_id', '=', blobId)
        .where('state', '=', 'AVAILABLE')
        .executeTakeFirst();
      return Number(failed.numUpdatedRows);
    });
  }

  async listDeletable(limit: number): Promise<DoomedBlob[]> {
    const rows = await this.database.db
      .selectFrom('blobs as b')
      .select(['b.id', 'b.storage_key', 'b.size'])
      .where('b.state', '=', 'DELETING')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('artifacts as a').select('a.id').whereRef('a.blob_id', '=', 'b.id'))))
      .orderBy('b.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, size: Number(row.size) }));
  }

  async remove(blobIds: readonly string[]): Promise<void> {
    if (!blobIds.length) return;
    await sql`
      DELETE FROM blobs b WHERE b.id = ANY(${[...blobIds]}::uuid[]) AND b.state = 'DELETING'
        AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.blob_id = b.id)`.execute(this.database.db);
  }

  async listOrphanedObjects(limit: number): Promise<string[]> {
    const rows = await this.database.db.selectFrom('orphaned_objects').select('storage_key').orderBy('created_at').orderBy('storage_key').limit(limit).execute();
    return rows.map((row) => row.storage_key);
  }

  async removeOrphanedObjects(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    await this.database.db.deleteFrom('orphaned_objects').where('storage_key', '=', sql<string>`ANY(${[...keys]}::text[])`).execute();
  }

  async listAvailable(page: { after?: string; limit: number }): Promise<Blob[]> {
    let query = this.database.db.selectFrom('blobs').select(BLOB_COLUMNS).where('state', '=', 'AVAILABLE').orderBy('id').limit(page.limit);
    if (page.after) query = query.where('id', '>', page.after);
    return (await query.execute()).map(blobOf);
  }

  async storageByProject(organizationId: string): Promise<ProjectStorage[]> {
    const { rows } = await sql<{ project_id: string; logical: string; physical: string }>`
      SELECT p.id AS project_id,
        COALESCE((SELECT sum(a.size) FROM artifacts a JOIN jobs j ON j.id = a.job_id
                  WHERE j.project_id = p.id AND a.state = 'AVAILABLE'), 0) AS logical,
        COALESCE((SELECT sum(b.size) FROM blobs b WHERE b.project_id = p.id AND b.state = 'AVAILABLE'), 0)
        + COALESCE((SELECT sum(a.size) FROM artifacts a JOIN jobs j ON j.id = a.job_id
                    WHERE j.project_id = p.id AND a.state = 'AVAILABLE' AND a.blob_id IS NULL), 0) AS physical
      FROM projects p WHERE p.organization_id = ${organizationId}::uuid
      ORDER BY p.id`.execute(this.database.db);
    return rows
      .map((row) => ({ projectId: row.project_id, logicalBytes: Number(row.logical), physicalBytes: Number(row.physical) }))
      .filter((row) => row.logicalBytes > 0 || row.physicalBytes > 0);
  }
}
