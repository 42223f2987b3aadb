import type { ArtifactDetail, CoreDumpFacts, V11Artifact, V2ArtifactList } from '@stowage/contracts';
import { V2_PAGE_SIZE } from '@stowage/contracts';
import { encodeArtifactPath, type Clock } from '@stowage/domain';
import type { Db, Sql } from '@stowage/server-db';
import type { PageTokenCodec } from './page-token';

interface ListedArtifact {
  id: string;
  node_index: number;
  path: string;
}

type Cursor = [nodeIndex: number, path: string, id: string];

// $1 job, $2 now, $3 limit; AVAILABLE_AFTER_SQL pages after the cursor ($4, $5, $6). The order (and the
// partial index artifacts_available_listing_idx) is node index, path in byte order, id.
const AVAILABLE_SQL = `SELECT id, node_index, path FROM artifacts
  WHERE job_id = $1::uuid AND state = 'AVAILABLE' AND expires_at > $2
  ORDER BY node_index, path COLLATE "C", id LIMIT $3`;
const AVAILABLE_AFTER_SQL = `SELECT id, node_index, path FROM artifacts
  WHERE job_id = $1::uuid AND state = 'AVAILABLE' AND expires_at > $2
    AND (node_index, path COLLATE "C", id) > ($4::int, $5 COLLATE "C", $6::uuid)
  ORDER BY node_index, path COLLATE "C", id LIMIT $3`;

/** CircleCI's artifact URL shape, with the job's global UUID: /output/job/:job-id/artifacts/:node_index/:path */
export function artifactUrl(baseUrl: string, jobId: string, nodeIndex: number, path: string): string {
  return `${baseUrl}/output/job/${jobId}/artifacts/${nodeIndex}/${encodeArtifactPath(path)}`;
}

/** A core_dumps row as row_to_json gives it (column names). */
interface CoreDumpRow {
  architecture: string | null;
  signal: number | null;
  signal_name: string | null;
  pid: number | null;
  executable_name: string | null;
  arguments: string | null;
  executable_path: string | null;
  thread_count: number | null;
  program_counter: string | null;
  stack_pointer: string | null;
  mapped_files: unknown;
}

interface DetailedRow {
  id: string;
  path: string;
  node_index: number;
  state: string;
  failure_reason: string | null;
  size: bigint;
  sha256: string;
  content_type: string | null;
  file_mode: number;
  created_at: Date;
  expires_at: Date;
  core: CoreDumpRow | null;
}

function coreDumpView(core: CoreDumpRow | null): ArtifactDetail['coreDump'] {
  if (!core) return null;
  return {
    architecture: core.architecture,
    signal: core.signal,
    signalName: core.signal_name,
    pid: core.pid,
    executableName: core.executable_name,
    arguments: core.arguments,
    executablePath: core.executable_path,
    threadCount: core.thread_count,
    programCounter: core.program_counter,
    stackPointer: core.stack_pointer,
    mappedFiles: Array.isArray(core.mapped_files) ? (core.mapped_files as CoreDumpFacts['mappedFiles']) : [],
  };
}

/**
 * Listings. The CircleCI-compatible ones show only `available`, unexpired artifacts, ordered by
 * node index then path (byte order, so the order never depends on the database's locale).
 */
export class ArtifactQueryService {
  constructor(
    private readonly db: Db,
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly pageTokens: PageTokenCodec,
    private readonly artifactsUrl: string,
  ) {}

  private available(jobId: string, after: Cursor | undefined, limit: number): Promise<ListedArtifact[]> {
    const now = this.clock.now();
    // Prepared statements (see Sql): 10,000 rows through the ORM's object mapping cost more than the
    // query itself, and a v2 page is read on every request of a paging client.
    if (after) return this.sql.query<ListedArtifact>('artifacts.available-after', AVAILABLE_AFTER_SQL, [jobId, now, limit, ...after]);
    return this.sql.query<ListedArtifact>('artifacts.available', AVAILABLE_SQL, [jobId, now, limit]);
  }

  async listV11(jobId: string): Promise<V11Artifact[]> {
    const rows = await this.available(jobId, undefined, 1_000_000);
    return rows.map((row) => ({
      path: row.path,
      pretty_path: row.path,
      node_index: row.node_index,
      url: artifactUrl(this.artifactsUrl, jobId, row.node_index, row.path),
    }));
  }

  async listV2(jobId: string, pageToken: string | undefined): Promise<V2ArtifactList> {
    const after = this.pageTokens.decode<Cursor>(`v2:${jobId}`, pageToken);
    const rows = await this.available(jobId, after, V2_PAGE_SIZE + 1);
    const page = rows.slice(0, V2_PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({ path: row.path, node_index: row.node_index, url: artifactUrl(this.artifactsUrl, jobId, row.node_index, row.path) })),
      next_page_token: rows.length > V2_PAGE_SIZE ? this.pageTokens.encode(`v2:${jobId}`, [last.node_index, last.path, last.id]) : null,
    };
  }

  /** Stowage's own listing: every state (but DELETING), with details, filterable by path prefix. */
  async listDetailed(jobId: string, options: { prefix?: string; pageToken?: string; pageSize: number }) {
    const after = this.pageTokens.decode<Cursor>(`detail:${jobId}`, options.pageToken);
    const now = this.clock.now();
    const prefix = options.prefix ?? '';
    // Raw SQL: a 10,000-artifact job is one page for the web app, and the ORM's row mapping cost
    // several times the query. Same order as the keyset (node index, path, id).
    const rows = await this.db.$queryRaw<DetailedRow[]>`
      SELECT a.id, a.path, a.node_index, a.state::text AS state, a.failure_reason, a.size, a.sha256, a.content_type, a.file_mode,
             a.created_at, a.expires_at, row_to_json(c.*) AS core
      FROM artifacts a LEFT JOIN core_dumps c ON c.artifact_id = a.id
      WHERE a.job_id = ${jobId}::uuid AND a.state IN ('PENDING', 'AVAILABLE', 'FAILED') AND a.expires_at > ${now}
        AND left(a.path, ${prefix.length}::int) = ${prefix}
        AND (${after === undefined}::boolean OR (a.node_index, a.path, a.id) > (${after?.[0] ?? 0}::int, ${after?.[1] ?? ''}, ${after?.[2] ?? '00000000-0000-0000-0000-000000000000'}::uuid))
      ORDER BY a.node_index, a.path, a.id
      LIMIT ${options.pageSize + 1}`;
    const page = rows.slice(0, options.pageSize);
    const last = page[page.length - 1];
    const items: ArtifactDetail[] = page.map((row) => ({
      id: row.id,
      path: row.path,
      nodeIndex: row.node_index,
      state: row.state === 'AVAILABLE' ? 'available' : row.state === 'FAILED' ? 'failed' : 'pending',
      failureReason: row.failure_reason,
      size: Number(row.size),
      sha256: row.sha256,
      contentType: row.content_type,
      fileMode: row.file_mode,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      url: artifactUrl(this.artifactsUrl, jobId, row.node_index, row.path),
      coreDump: coreDumpView(row.core),
    }));
    return {
      items,
      next_page_token: rows.length > options.pageSize ? this.pageTokens.encode(`detail:${jobId}`, [last.node_index, last.path, last.id]) : null,
    };
  }

  /** The artifact a download URL names, if it is available and unexpired. */
  findDownloadable(jobId: string, nodeIndex: number, path: string) {
    return this.db.artifact.findFirst({
      where: { jobId, nodeIndex, path, state: 'AVAILABLE', expiresAt: { gt: this.clock.now() } },
      orderBy: { availableAt: 'desc' },
    });
  }

  /** Artifacts for a zip: one job, optionally one container and one folder, in listing order. */
  async *iterateForArchive(jobId: string, options: { nodeIndex?: number; prefix?: string }) {
    let after: Cursor | undefined;
    for (;;) {
      const rows = await this.db.artifact.findMany({
        where: {
          jobId,
          state: 'AVAILABLE',
          expiresAt: { gt: this.clock.now() },
          ...(options.nodeIndex !== undefined ? { nodeIndex: options.nodeIndex } : {}),
          ...(options.prefix ? { path: { startsWith: options.prefix } } : {}),
          ...(after ? { OR: [{ nodeIndex: { gt: after[0] } }, { nodeIndex: after[0], path: { gt: after[1] } }] } : {}),
        },
        orderBy: [{ nodeIndex: 'asc' }, { path: 'asc' }],
        take: 500,
        select: { id: true, nodeIndex: true, path: true, storageKey: true, size: true, availableAt: true, fileMode: true },
      });
      if (rows.length === 0) return;
      for (const row of rows) yield row;
      const last = rows[rows.length - 1];
      after = [last.nodeIndex, last.path, last.id];
    }
  }
}
