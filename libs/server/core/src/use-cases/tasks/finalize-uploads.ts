import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CompletedUploadRecord } from '@stowage/server-db';
import { SNIFF_BYTES, sniffBlobFacts } from '../../artifacts/content-type';
import { publishVerifiedUploads, type VerifiedUploadBytes } from '../../artifacts/publish-verified-uploads';
import { storageRangeReader } from '../../artifacts/storage-range-reader';
import { forEachConcurrently } from '../../concurrency';
import type { ServerContext } from '../../server-context';

export type FinalizeOutcome = 'available' | 'failed' | 'replaced' | 'skipped';

/** A problem with the bytes themselves: retrying cannot help, so the artifact fails at once. */
class VerificationFailure extends Error {}

/** Objects checked at once: enough to overlap storage round trips, few enough to bound open files. */
const VERIFY_CONCURRENCY = 16;

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(stream, new Writable({ write: (chunk, _encoding, done) => (hash.update(chunk), done()) }));
  return hash.digest('hex');
}

type FinalizeContext = Pick<ServerContext, 'uploads' | 'blobs' | 'storage' | 'tasks' | 'clock' | 'logger'>;

/**
 * Verifies completed uploads (each object exists, its size and SHA-256 match what the agent
 * declared), reads what their first bytes say and makes them `available` as blobs of their project
 * (publish-verified-uploads.ts: identical bytes are kept once), replacing earlier artifacts at
 * the same paths. Works on a batch (one complete request's uploads): per artifact only the storage
 * checks remain, and the database sees one read and one transaction for the whole batch, which is
 * what lets thousands of small files finalize per second. Idempotent: a second run finds the
 * artifacts no longer pending and changes nothing. Transient trouble with some objects throws after
 * the rest is settled, so the task is retried with backoff; at the last attempt those fail too.
 */
export async function finalizeUploads(
  ctx: FinalizeContext,
  payload: { artifactIds: readonly string[] },
  attempt: { number: number; max: number },
): Promise<Map<string, FinalizeOutcome>> {
  const outcomes = new Map<string, FinalizeOutcome>(payload.artifactIds.map((id) => [id, 'skipped']));
  const rows = await ctx.uploads.findCompleted(payload.artifactIds);

  const verified: VerifiedUploadBytes[] = [];
  const failures: Array<{ id: string; reason: string }> = [];
  let transient: { error: unknown } | undefined;
  await forEachConcurrently(rows, VERIFY_CONCURRENCY, async (row) => {
    try {
      verified.push(await verify(ctx, row));
    } catch (error) {
      if (error instanceof VerificationFailure) failures.push({ id: row.id, reason: error.message });
      else if (attempt.number < attempt.max) transient ??= { error };
      else failures.push({ id: row.id, reason: `finalization failed after ${attempt.number} attempts: ${(error as Error).message}` });
    }
  });

  if (verified.length) {
    const { published, superseded } = await publishVerifiedUploads(ctx, verified);
    for (const id of published) outcomes.set(id, 'available');
    for (const id of superseded) outcomes.set(id, 'replaced');
  }
  // A failed upload keeps its row (so people see why) but not its bytes.
  const failed = await ctx.uploads.fail(failures);
  if (failed.length) await ctx.storage.deleteMany(failed.map((row) => row.storageKey)).catch(() => undefined);
  for (const { id } of failed) outcomes.set(id, 'failed');
  if (transient) throw transient.error;
  return outcomes;
}

async function verify(ctx: FinalizeContext, row: CompletedUploadRecord): Promise<VerifiedUploadBytes> {
  const stored = await ctx.storage.stat(row.storageKey);
  if (!stored) throw new VerificationFailure('the uploaded object is missing from storage');
  if (stored.size !== row.size) throw new VerificationFailure(`size mismatch: declared ${row.size} bytes, stored ${stored.size}`);
  // Bytes that crossed the API were hashed in flight; bytes sent straight to S3 are read back.
  const sha256 = row.computedSha256 ?? (await sha256Of(await ctx.storage.read(row.storageKey)));
  // Completion refuses an upload without a declared sha256, so a missing one is a mismatch too.
  if (sha256 !== row.sha256) throw new VerificationFailure(`sha256 mismatch: declared ${row.sha256}, stored ${sha256}`);
  const head = await storageRangeReader(ctx.storage, row.storageKey, stored.size).read(0, SNIFF_BYTES);
  return { row, sha256, facts: await sniffBlobFacts(head) };
}
