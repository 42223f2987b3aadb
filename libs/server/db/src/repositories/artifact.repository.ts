import type { CoreDumpFacts } from '@stowage/contracts';
import type { Artifact, ArtifactState } from '@stowage/domain';
import { sql } from 'kysely';
import type { Database } from '../database';
import { prepareQuery } from '../prepared-query';

/** A listing position: the last item's node index, path and id (paths compare in byte order). */
export type ListingCursor = [nodeIndex: number, path: string, id: string];

export interface ListedArtifact {
  id: string;
  nodeIndex: number;
  path: string;
}

/** What a comparison of two jobs reads of each artifact. */
export interface ComparedArtifact {
  nodeIndex: number;
  path: string;
  size: number;
  sha256: string | null;
}

export interface ArtifactWithCoreDump extends Artifact {
  coreDump: CoreDumpFacts | null;
}

/** Which artifacts an admin deletion removes. */
export type DeletionScope = { artifactId: string } | { jobId: string } | { projectId: string };

/**
 * Artifacts as the listings, downloads, zips, deletions and retention read and change them. Every
 * ordering is node index, then path in BYTE order (`COLLATE "C"`: never the database's locale),
 * then id; the CircleCI listings and the download lookup run as prepared statements, and the first
 * two use the partial index artifacts_available_listing_idx (its `state = 'AVAILABLE'` is a literal
 * in the statement, so a generic plan can use it).
 *
 * Deletion is one order everywhere: mark the rows DELETING (invisible at once), delete the
 * objects, then the rows; a crash in between leaves DELETING rows that the next sweep finishes.
 */
export interface ArtifactRepository {
  /** Available, unexpired artifacts of a job in listing order, after `after`. */
  listAvailable(jobId: string, now: Date, page: { after?: ListingCursor; limit: number }): Promise<ListedArtifact[]>;
  /**
   * For comparing jobs, in one query: a job's available, unexpired artifacts in listing order (one per
   * node index and path: the newest, should a replacement overlap), and whether any is still pending.
   */
  listForComparison(jobId: string, now: Date): Promise<{ artifacts: ComparedArtifact[]; pending: boolean }>;
  /** Every state but DELETING, unexpired, whose path starts with `prefix` (bytes), with core-dump facts. */
  listDetailed(jobId: string, now: Date, page: { prefix: string; after?: ListingCursor; limit: number }): Promise<ArtifactWithCoreDump[]>;
  /** The artifact a download URL names, if available and unexpired (the newest, should a replacement overlap). */
  findDownloadable(jobId: string, nodeIndex: number, path: string, now: Date): Promise<Artifact | null>;
  /** Available, unexpired artifacts for a zip, optionally of one node and under one prefix, in listing order. */
  listForArchive(jobId: string, now: Date, page: { nodeIndex?: number; prefix: string; after?: ListingCursor; limit: number }): Promise<Artifact[]>;
  findById(artifactId: string): Promise<Artifact | null>;
  /** Marks the scope's artifacts DELETING; answers how many were not already. */
  markDeleting(scope: DeletionScope): Promise<number>;
  /** Marks AVAILABLE and FAILED artifacts expired at `now` DELETING. */
  markExpired(now: Date): Promise<number>;
  /** Up to `limit` DELETING artifacts, by id; `blobId` null for uploads that never became available (their object is their own). */
  listDeleting(limit: number): Promise<Array<Pick<Artifact, 'id' | 'storageKey' | 'size'> & { blobId: string | null }>>;
  /** Removes the rows of DELETING artifacts (their objects are gone). */
  removeDeleting(artifactIds: string[]): Promise<void>;
  /** AVAILABLE and FAILED artifacts of an organization uploaded at or before `cutoff`. */
  countCreatedBefore(organizationId: string, cutoff: Date): Promise<{ artifacts: number; bytes: number }>;
  /** Sets an organization's retention and recomputes every stored artifact's expiry (upload time + days), in one transaction. */
  applyRetention(organizationId: string, days: number): Promise<void>;
}

const ARTIFACT_COLUMNS = [
  'a.id',
  'a.job_id',
  'a.node_index',
  'a.path',
  'a.size',
  'a.sha256',
  'a.content_type',
  'a.file_mode',
  'a.storage_key',
  'a.state',
  'a.failure_reason',
  'a.created_at',
  'a.completed_at',
  'a.available_at',
  'a.expires_at',
] as const;

interface ArtifactRow {
  id: string;
  job_id: string;
  node_index: number;
  path: string;
  size: string;
  sha256: string | null;
  content_type: string | null;
  file_mode: number;
  storage_key: string;
  state: ArtifactState;
  failure_reason: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
  available_at: Date | string | null;
  expires_at: Date | string;
}

function artifactOf(row: ArtifactRow): Artifact {
  return {
    id: row.id,
    jobId: row.job_id,
    nodeIndex: row.node_index,
    path: row.path,
    size: Number(row.size),
    sha256: row.sha256,
    contentType: row.content_type,
    fileMode: row.file_mode,
    storageKey: row.storage_key,
    state: row.state,
    failureReason: row.failure_reason,
    createdAt: row.created_at as Date,
    completedAt: row.completed_at as Date | null,
    availableAt: row.available_at as Date | null,
    expiresAt: row.expires_at as Date,
  };
}

// States are literals in the statements (not parameters), so the planner matches partial indexes.
const stateLiteral = (state: ArtifactState) => sql.lit<ArtifactState>(state);
const AVAILABLE = stateLiteral('AVAILABLE');
const byteOrderPath = sql`a.path COLLATE "C"`;
type Page = { jobId: string; now: Date; limit: number };
type After = { afterNode: number; afterPath: string; afterId: string };
const afterCursor = (p: After) => sql<boolean>`(a.node_index, a.path COLLATE "C", a.id) > (${p.afterNode}::int, ${p.afterPath} COLLATE "C", ${p.afterId}::uuid)`;

// Listing order, spelled as the index is: node_index, path COLLATE "C", id.
const availableOf = (p: Page) => (db: Parameters<Parameters<typeof prepareQuery>[1]>[0]) =>
  db
    .selectFrom('artifacts as a')
    .select(['a.id', 'a.node_index', 'a.path'])
    .where('a.job_id', '=', sql<string>`${p.jobId}::uuid`)
    .where('a.state', '=', AVAILABLE)
    .where('a.expires_at', '>', p.now);
const AVAILABLE_FIRST = prepareQuery('artifacts.available', (db, p: Page) =>
  availableOf(p)(db).orderBy('a.node_index').orderBy(byteOrderPath).orderBy('a.id').limit(p.limit),
);
const AVAILABLE_AFTER = prepareQuery('artifacts.available-after', (db, p: Page & After) =>
  availableOf(p)(db).where(afterCursor(p)).orderBy('a.node_index').orderBy(byteOrderPath).orderBy('a.id').limit(p.limit),
);
const DOWNLOADABLE = prepareQuery('artifacts.downloadable', (db, p: { jobId: string; nodeIndex: number; path: string; now: Date }) =>
  db
    .selectFrom('artifacts as a')
    .select(ARTIFACT_COLUMNS)
    .where('a.job_id', '=', sql<string>`${p.jobId}::uuid`)
    .where('a.state', '=', AVAILABLE)
    .where('a.node_index', '=', p.nodeIndex)
    .where('a.path', '=', p.path)
    .where('a.expires_at', '>', p.now)
    .orderBy('a.available_at', 'desc')
    .limit(1),
);
// A comparison reads a whole job (10,000 artifacts is one statement, in index order) with its pending rows.
const FOR_COMPARISON = prepareQuery('artifacts.for-comparison', (db, p: { jobId: string; now: Date }) =>
  db
    .selectFrom('artifacts as a')
    .select(['a.node_index', 'a.path', 'a.size', 'a.sha256', 'a.state'])
    .where('a.job_id', '=', sql<string>`${p.jobId}::uuid`)
    .where('a.state', 'in', [stateLiteral('PENDING'), AVAILABLE])
    .where('a.expires_at', '>', p.now)
    .orderBy('a.node_index')
    .orderBy(byteOrderPath)
    .orderBy('a.available_at', (ob) => ob.desc().nullsLast()),
);
// One statement for the first page and the next: `first` switches the cursor off. A 10,000-artifact
// job is one page for the web app, so this too is prepared.
const DETAILED = prepareQuery('artifacts.detailed', (db, p: Page & After & { prefix: string; first: boolean }) =>
  db
    .selectFrom('artifacts as a')
    .leftJoin('core_dumps as c', 'c.artifact_id', 'a.id')
    .select(ARTIFACT_COLUMNS)
    .select([
      'c.artifact_id as core_artifact_id',
      'c.architecture',
      'c.signal',
      'c.signal_name',
      'c.pid',
      'c.executable_name',
      'c.arguments',
      'c.executable_path',
      'c.thread_count',
      'c.program_counter',
      'c.stack_pointer',
      'c.mapped_files',
    ])
    .where('a.job_id', '=', sql<string>`${p.jobId}::uuid`)
    .where('a.state', 'in', [stateLiteral('PENDING'), AVAILABLE, stateLiteral('FAILED')])
    .where('a.expires_at', '>', p.now)
    .where(sql<boolean>`left(a.path, length(${p.prefix}::text)) = ${p.prefix}::text`)
    .where(sql<boolean>`(${p.first}::boolean OR ${afterCursor(p)})`)
    .orderBy('a.node_index')
    .orderBy(byteOrderPath)
    .orderBy('a.id')
    .limit(p.limit),
);

type DetailedRow = Awaited<ReturnType<(typeof DETAILED)['execute']>>[number];
function coreDumpOf(row: DetailedRow): CoreDumpFacts | null {
  if (row.core_artifact_id === null) return null;
  return {
    architecture: row.architecture,
    signal: row.signal,
    signalName: row.signal_name,
    pid: row.pid,
    executableName: row.executable_name,
    arguments: row.arguments,
    executablePath: row.executable_path,
    threadCount: row.thread_count,
    programCounter: row.program_counter,
    stackPointer: row.stack_pointer,
    mappedFiles: Array.isArray(row.mapped_files) ? (row.mapped_files as CoreDumpFacts['mappedFiles']) : [],
  };
}

const afterParams = (after: ListingCursor | undefined): After => ({
  afterNode: after?.[0] ?? 0,
  afterPath: after?.[1] ?? '',
  afterId: after?.[2] ?? '00000000-0000-0000-0000-000000000000',
});

export class PgArtifactRepository implements ArtifactRepository {
  constructor(private readonly database: Database) {}

  async listAvailable(jobId: string, now: Date, page: { after?: ListingCursor; limit: number }): Promise<ListedArtifact[]> {
    const rows = page.after
      ? await this.database.run(AVAILABLE_AFTER, { jobId, now, limit: page.limit, ...afterParams(page.after) })
      : await this.database.run(AVAILABLE_FIRST, { jobId, now, limit: page.limit });
    return rows.map((row) => ({ id: row.id, nodeIndex: row.node_index, path: row.path }));
  }

  async listForComparison(jobId: string, now: Date): Promise<{ artifacts: ComparedArtifact[]; pending: boolean }> {
    const rows = await this.database.run(FOR_COMPARISON, { jobId, now });
    const artifacts: ComparedArtifact[] = [];
    let pending = false;
    for (const row of rows) {
      if (row.state === 'PENDING') {
        pending = true;
        continue;
      }
      const previous = artifacts[artifacts.length - 1];
      // Rows of one node index and path come newest first: keep the first.
      if (previous && previous.nodeIndex === row.node_index && previous.path === row.path) continue;
      artifacts.push({ nodeIndex: row.node_index, path: row.path, size: Number(row.size), sha256: row.sha256 });
    }
    return { artifacts, pending };
  }

  async listDetailed(jobId: string, now: Date, page: { prefix: string; after?: ListingCursor; limit: number }): Promise<ArtifactWithCoreDump[]> {
    const rows = await this.database.run(DETAILED, { jobId, now, limit: page.limit, prefix: page.prefix, first: page.after === undefined, ...afterParams(page.after) });
    return rows.map((row) => ({ ...artifactOf(row), coreDump: coreDumpOf(row) }));
  }

  async findDownloadable(jobId: string, nodeIndex: number, path: string, now: Date): Promise<Artifact | null> {
    const [row] = await this.database.run(DOWNLOADABLE, { jobId, nodeIndex, path, now });
    return row ? artifactOf(row) : null;
  }

  async listForArchive(jobId: string, now: Date, page: { nodeIndex?: number; prefix: string; after?: ListingCursor; limit: number }): Promise<Artifact[]> {
    let query = this.database.db
      .selectFrom('artifacts as a')
      .select(ARTIFACT_COLUMNS)
      .where('a.job_id', '=', jobId)
      .where('a.state', '=', AVAILABLE)
      .where('a.expires_at', '>', now);
    if (page.nodeIndex !== undefined) query = query.where('a.node_index', '=', page.nodeIndex);
    if (page.prefix) query = query.where(sql<boolean>`left(a.path, ${page.prefix.length}::int) = ${page.prefix}`);
    if (page.after) query = query.where(afterCursor(afterParams(page.after)));
    const rows = await query.orderBy('a.node_index').orderBy(byteOrderPath).orderBy('a.id').limit(page.limit).execute();
    return rows.map(artifactOf);
  }

  async findById(artifactId: string): Promise<Artifact | null> {
    const row = await this.database.db.selectFrom('artifacts as a').select(ARTIFACT_COLUMNS).where('a.id', '=', artifactId).executeTakeFirst();
    return row ? artifactOf(row) : null;
  }

  async markDeleting(scope: DeletionScope): Promise<number> {
    let query = this.database.db.updateTable('artifacts').set({ state: 'DELETING' }).where('state', '<>', 'DELETING');
    if ('artifactId' in scope) query = query.where('id', '=', scope.artifactId);
    else if ('jobId' in scope) query = query.where('job_id', '=', scope.jobId);
    else query = query.where('job_id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('project_id', '=', scope.projectId));
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markExpired(now: Date): Promise<number> {
    const result = await this.database.db
      .updateTable('artifacts')
      .set({ state: 'DELETING' })
      .where('state', 'in', ['AVAILABLE', 'FAILED'])
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listDeleting(limit: number) {
    const rows = await this.database.db.selectFrom('artifacts').select(['id', 'storage_key', 'size', 'blob_id']).where('state', '=', 'DELETING').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, storageKey: row.storage_key, size: Number(row.size), blobId: row.blob_id }));
  }

  async removeDeleting(artifactIds: string[]): Promise<void> {
    if (artifactIds.length === 0) return;
    await this.database.db.deleteFrom('artifacts').where('id', 'in', artifactIds).where('state', '=', 'DELETING').execute();
  }

  async countCreatedBefore(organizationId: string, cutoff: Date) {
    const row = await this.database.db
      .selectFrom('artifacts as a')
      .innerJoin('jobs as j', 'j.id', 'a.job_id')
      .innerJoin('projects as p', 'p.id', 'j.project_id')
      .select((eb) => [eb.fn.countAll<string>().as('artifacts'), eb.fn.coalesce(eb.fn.sum<string>('a.size'), sql<string>`0`).as('bytes')])
      .where('p.organization_id', '=', organizationId)
      .where('a.state', 'in', ['AVAILABLE', 'FAILED'])
      .where('a.created_at', '<=', cutoff)
      .executeTakeFirstOrThrow();
    return { artifacts: Number(row.artifacts), bytes: Number(row.bytes) };
  }

  async applyRetention(organizationId: string, days: number): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('organizations').set({ artifact_retention_days: days }).where('id', '=', organizationId).execute();
      await trx
        .updateTable('artifacts')
        .set({ expires_at: sql`COALESCE(completed_at, created_at) + make_interval(days => ${days}::int)` })
        .where('state', '<>', 'DELETING')
        .where('job_id', 'in', (eb) =>
          eb.selectFrom('jobs as j').innerJoin('projects as p', 'p.id', 'j.project_id').select('j.id').where('p.organization_id', '=', organizationId),
        )
        .execute();
    });
  }
}
