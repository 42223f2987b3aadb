import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { Clock, StorageDriver } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';
import { forEachConcurrently } from '../concurrency';
import { SNIFF_BYTES, detectContentType, isElfCore } from './content-type';
import { storageRangeReader } from './storage-range-reader';

export type FinalizeOutcome = 'available' | 'failed' | 'replaced' | 'skipped';

/** A problem with the bytes themselves: retrying cannot help, so the artifact fails at once. */
class VerificationFailure extends Error {}

/** Objects checked at once: enough to overlap storage round trips, few enough to bound open files. */
const VERIFY_CONCURRENCY = 16;

interface CompletedRow {
  id: string;
  job_id: string;
  node_index: number;
  path: string;
  size: bigint;
  sha256: string | null;
  computed_sha256: string | null;
  storage_key: string;
  created_at: Date;
}

interface Verified {
  row: CompletedRow;
  sha256: string;
  contentType: string | null;
  isCore: boolean;
}

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(stream, new Writable({ write: (chunk, _encoding, done) => (hash.update(chunk), done()) }));
  return hash.digest('hex');
}

const pathKey = (row: CompletedRow) => `${row.job_id}/${row.node_index}/${row.path}`;

/**
 * Verifies completed uploads (each object exists, its size and SHA-256 match what the agent
 * declared), detects their content types and makes them `available`, replacing earlier artifacts at
 * the same paths. Works on a batch (one complete request's uploads): per artifact only the storage
 * checks remain, and the database sees one read and one transaction for the whole batch, which is
 * what lets thousands of small files finalize per second. Idempotent: a second run finds the
 * artifacts no longer pending and changes nothing.
 */
export class FinalizeUploadService {
  constructor(
    private readonly db: Db,
    private readonly storage: StorageDriver,
    private readonly queue: TaskQueue,
    private readonly clock: Clock,
  ) {}

  async finalize(artifactIds: readonly string[], attempt: { number: number; max: number }): Promise<Map<string, FinalizeOutcome>> {
    const outcomes = new Map<string, FinalizeOutcome>(artifactIds.map((id) => [id, 'skipped']));
    const rows = await this.db.$queryRaw<CompletedRow[]>`
      SELECT id, job_id, node_index, path, size, sha256, computed_sha256, storage_key, created_at FROM artifacts
      WHERE id = ANY(${[...artifactIds]}::uuid[]) AND state = 'PENDING' AND completed_at IS NOT NULL`;

    const verified: Verified[] = [];
    const failures: Array<{ id: string; reason: string }> = [];
    let transient: { error: unknown } | undefined;
    await forEachConcurrently(rows, VERIFY_CONCURRENCY, async (row) => {
      try {
        verified.push(await this.verify(row));
      } catch (error) {
        if (error instanceof VerificationFailure) failures.push({ id: row.id, reason: error.message });
        else if (attempt.number < attempt.max) transient ??= { error };
        else failures.push({ id: row.id, reason: `finalization failed after ${attempt.number} attempts: ${(error as Error).message}` });
      }
    });

    if (verified.length) {
      const { published, superseded, replaced } = await this.publish(verified);
      for (const id of published) outcomes.set(id, 'available');
      for (const id of superseded) outcomes.set(id, 'replaced');
      const cores = verified.filter((item) => item.isCore && published.has(item.row.id));
      await this.queue.enqueueMany('index-core-dump', cores.map(({ row }) => ({ payload: { artifactId: row.id }, taskId: `core-${row.id}` })));
      if (replaced > 0 || superseded.size > 0) await this.queue.enqueue('expire-artifacts', {}).catch(() => undefined);
    }
    for (const id of await this.fail(failures)) outcomes.set(id, 'failed');
    // Transient trouble with some objects: BullMQ retries the task with backoff, and the retry skips
    // what this run already settled.
    if (transient) throw transient.error;
    return outcomes;
  }

  private async verify(row: CompletedRow): Promise<Verified> {
    const stored = await this.storage.stat(row.storage_key);
    if (!stored) throw new VerificationFailure('the uploaded object is missing from storage');
    if (stored.size !== Number(row.size)) throw new VerificationFailure(`size mismatch: declared ${row.size} bytes, stored ${stored.size}`);
    // Bytes that crossed the API were hashed in flight; bytes sent straight to S3 are read back.
    const sha256 = row.computed_sha256 ?? (await sha256Of(await this.storage.read(row.storage_key)));
    // Completion refuses an upload without a declared sha256, so a missing one is a mismatch too.
    if (sha256 !== row.sha256) throw new VerificationFailure(`sha256 mismatch: declared ${row.sha256}, stored ${sha256}`);
    const head = await storageRangeReader(this.storage, row.storage_key, stored.size).read(0, SNIFF_BYTES);
    return { row, sha256, contentType: await detectContentType(head, row.path), isCore: isElfCore(head) };
  }

  /**
   * Makes the verified artifacts available in one transaction. Per (job, container, path) the newest
   * upload wins: an earlier available artifact there becomes DELETING (it stays visible until this
   * commit, then the sweep removes it), and so does an older upload of the same path in this batch.
   */
  private async publish(verified: Verified[]): Promise<{ published: Set<string>; superseded: Set<string>; replaced: number }> {
    const newest = new Map<string, Verified>();
    for (const item of verified) {
      const current = newest.get(pathKey(item.row));
      if (!current || item.row.created_at > current.row.created_at) newest.set(pathKey(item.row), item);
    }
    const winners = [...newest.values()];
    const losers = verified.filter((item) => newest.get(pathKey(item.row)) !== item).map((item) => item.row.id);

    const result = await this.db.$transaction(async (tx) => {
      // Serialises finalizations of the same paths, so two replacements of one path cannot both win,
      // while other paths finalize in parallel. Taken in hash order so two batches cannot deadlock.
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(h) FROM (
          SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${winners.map((item) => pathKey(item.row))}::text[]) AS k ORDER BY h
        ) AS locks`;
      // One statement, one snapshot: `replaced` sees the rows as they were before `published` wrote.
      const [row] = await tx.$queryRaw<Array<{ published: string[] | null; replaced: number }>>`
        WITH published AS (
          UPDATE artifacts AS a SET state = 'AVAILABLE', available_at = ${this.clock.now()}, content_type = v.content_type,
            computed_sha256 = v.sha256, failure_reason = NULL
          FROM unnest(${winners.map((item) => item.row.id)}::uuid[], ${winners.map((item) => item.contentType)}::text[],
                      ${winners.map((item) => item.sha256)}::text[]) AS v(id, content_type, sha256)
          WHERE a.id = v.id AND a.state = 'PENDING'
          RETURNING a.id, a.job_id, a.node_index, a.path
        ), replaced AS (
          UPDATE artifacts AS o SET state = 'DELETING' FROM published AS p
          WHERE o.job_id = p.job_id AND o.node_index = p.node_index AND o.path = p.path AND o.state = 'AVAILABLE' AND o.id <> p.id
          RETURNING o.id
        )
        SELECT (SELECT array_agg(id::text) FROM published) AS published, (SELECT count(*)::int FROM replaced) AS replaced`;
      const superseded = losers.length
        ? await tx.$queryRaw<Array<{ id: string }>>`
            UPDATE artifacts SET state = 'DELETING' WHERE id = ANY(${losers}::uuid[]) AND state = 'PENDING' RETURNING id::text AS id`
        : [];
      return { published: new Set(row.published ?? []), superseded: new Set(superseded.map(({ id }) => id)), replaced: row.replaced };
    });
    return result;
  }

  /** A failed upload keeps its row (so people see why) but not its bytes. */
  private async fail(failures: Array<{ id: string; reason: string }>): Promise<string[]> {
    if (!failures.length) return [];
    const failed = await this.db.$queryRaw<Array<{ id: string; storage_key: string }>>`
      UPDATE artifacts AS a SET state = 'FAILED', failure_reason = v.reason
      FROM unnest(${failures.map((f) => f.id)}::uuid[], ${failures.map((f) => f.reason)}::text[]) AS v(id, reason)
      WHERE a.id = v.id AND a.state = 'PENDING'
      RETURNING a.id::text AS id, a.storage_key`;
    if (failed.length) await this.storage.deleteMany(failed.map((row) => row.storage_key)).catch(() => undefined);
    return failed.map((row) => row.id);
  }
}
