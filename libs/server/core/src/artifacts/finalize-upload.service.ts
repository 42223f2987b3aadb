import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { Clock, StorageDriver } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import type { JobQueue } from '@stowage/server-queue';
import { SNIFF_BYTES, detectContentType, isElfCore } from './content-type';
import { storageRangeReader } from './storage-range-reader';

export type FinalizeOutcome = 'available' | 'failed' | 'skipped';

/** A problem with the bytes themselves: retrying cannot help, so the artifact fails at once. */
class VerificationFailure extends Error {}

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(stream, new Writable({ write: (chunk, _encoding, done) => (hash.update(chunk), done()) }));
  return hash.digest('hex');
}

/**
 * Verifies a completed upload (the object exists, its size and SHA-256 match what the agent declared),
 * detects its content type and makes it `available`, replacing an earlier artifact at the same path.
 * Idempotent: a second run finds the artifact no longer pending and changes nothing.
 */
export class FinalizeUploadService {
  constructor(
    private readonly db: Db,
    private readonly storage: StorageDriver,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async finalize(artifactId: string, attempt: { number: number; max: number }): Promise<FinalizeOutcome> {
    const artifact = await this.db.artifact.findUnique({ where: { id: artifactId } });
    if (!artifact || artifact.state !== 'PENDING' || !artifact.completedAt) return 'skipped';
    try {
      const stored = await this.storage.stat(artifact.storageKey);
      if (!stored) throw new VerificationFailure('the uploaded object is missing from storage');
      if (stored.size !== Number(artifact.size)) {
        throw new VerificationFailure(`size mismatch: declared ${artifact.size} bytes, stored ${stored.size}`);
      }
      // Bytes that crossed the API were hashed in flight; bytes sent straight to S3 are read back.
      const sha256 = artifact.computedSha256 ?? (await sha256Of(await this.storage.read(artifact.storageKey)));
      // Completion refuses an upload without a declared sha256, so a missing one is a mismatch too.
      if (sha256 !== artifact.sha256) throw new VerificationFailure(`sha256 mismatch: declared ${artifact.sha256}, stored ${sha256}`);

      const reader = storageRangeReader(this.storage, artifact.storageKey, stored.size);
      const head = await reader.read(0, SNIFF_BYTES);
      const contentType = await detectContentType(head, artifact.path);
      const isCore = isElfCore(head);

      const replaced = await this.db.$transaction(async (tx) => {
        // Serialises finalizations of the same path (job, container, path), so two replacements of it
        // cannot both win, while different paths of one job finalize in parallel.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${artifact.jobId}/${artifact.nodeIndex}/${artifact.path}`}, 0))`;
        const current = await tx.artifact.findUnique({ where: { id: artifactId } });
        if (!current || current.state !== 'PENDING') return null;
        // The earlier artifact stays visible until this moment; it is then swept (object, then row).
        const older = await tx.artifact.updateMany({
          where: { jobId: artifact.jobId, nodeIndex: artifact.nodeIndex, path: artifact.path, state: 'AVAILABLE', id: { not: artifactId } },
          data: { state: 'DELETING' },
        });
        await tx.artifact.update({
          where: { id: artifactId },
          data: { state: 'AVAILABLE', availableAt: this.clock.now(), contentType, computedSha256: sha256, failureReason: null },
        });
        return older.count;
      });
      if (replaced === null) return 'skipped';
      if (isCore) await this.queue.enqueue('index-core-dump', { artifactId }, { jobId: `core-${artifactId}` });
      if (replaced > 0) await this.queue.enqueue('expire-artifacts', {}).catch(() => undefined);
      return 'available';
    } catch (error) {
      const permanent = error instanceof VerificationFailure;
      if (!permanent && attempt.number < attempt.max) throw error; // transient: BullMQ retries with backoff
      const reason = permanent ? (error as Error).message : `finalization failed after ${attempt.number} attempts: ${(error as Error).message}`;
      await this.fail(artifactId, reason);
      return 'failed';
    }
  }

  /** A failed upload keeps its row (so people see why) but not its bytes. */
  private async fail(artifactId: string, reason: string): Promise<void> {
    const { count } = await this.db.artifact.updateMany({ where: { id: artifactId, state: 'PENDING' }, data: { state: 'FAILED', failureReason: reason } });
    if (count === 0) return;
    const artifact = await this.db.artifact.findUnique({ where: { id: artifactId } });
    if (artifact) await this.storage.deleteMany([artifact.storageKey]).catch(() => undefined);
  }
}
