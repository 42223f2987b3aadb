import { MAX_FILES_PER_UPLOAD_REQUEST } from '@stowage/contracts';
import type { Clock, StorageDriver } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';

import { DELETE_BATCH_SIZE } from './sweep-deleting-artifacts';

/**
 * The upload sweeps (abandoned and lost uploads), until slice C's tasks replace them; expiry and
 * deletion are use cases (use-cases/tasks/expire-artifacts.ts, use-cases/artifacts/delete-*.ts).
 */
export class ArtifactLifecycleService {
  constructor(
    private readonly db: Db,
    private readonly storage: StorageDriver,
    private readonly queue: TaskQueue,
    private readonly clock: Clock,
    private readonly options: { abandonedUploadHours: number },
  ) {}

  /** Uploads never completed: their parts are aborted and their rows removed; they never were artifacts. */
  async sweepAbandonedUploads(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.abandonedUploadHours * 3600_000);
    let swept = 0;
    // Uploads the store would not abort keep their rows (so their parts are not forgotten) and are
    // tried again by the next sweep; the others are swept regardless.
    const kept: string[] = [];
    let firstError: unknown;
    for (;;) {
      const batch = await this.db.artifact.findMany({
        where: { state: 'PENDING', completedAt: null, createdAt: { lt: cutoff }, ...(kept.length ? { id: { notIn: kept } } : {}) },
        select: { id: true, storageKey: true, uploadId: true },
        take: DELETE_BATCH_SIZE,
      });
      if (batch.length === 0) break;
      const aborted = [];
      for (const artifact of batch) {
        try {
          if (artifact.uploadId) await this.storage.abortMultipartUpload(artifact.storageKey, artifact.uploadId);
          aborted.push(artifact);
        } catch (error) {
          firstError ??= error;
          kept.push(artifact.id);
        }
      }
      await this.storage.deleteMany(aborted.map((artifact) => artifact.storageKey));
      await this.db.artifact.deleteMany({ where: { id: { in: aborted.map((artifact) => artifact.id) }, completedAt: null } });
      swept += aborted.length;
    }
    if (firstError) throw new Error(`${kept.length} abandoned upload(s) could not be aborted and are kept for the next sweep: ${(firstError as Error).message}`);
    // Multipart uploads the store knows but no row does (a crash between create and insert).
    for (const orphan of await this.storage.listAbandonedUploads(cutoff)) {
      const known = orphan.key ? await this.db.artifact.count({ where: { storageKey: orphan.key, uploadId: orphan.uploadId } }) : 0;
      if (!known) {
        await this.storage.abortMultipartUpload(orphan.key, orphan.uploadId);
        swept++;
      }
    }
    return swept;
  }

  /** Completed uploads still pending (Redis was down, or a task was lost) go back on the queue. */
  async requeuePendingUploads(): Promise<number> {
    const pending = await this.db.artifact.findMany({
      where: { state: 'PENDING', completedAt: { not: null, lt: new Date(this.clock.now().getTime() - 60_000) } },
      select: { id: true },
      take: 10_000,
    });
    // No task ids: a batch re-enqueued while an earlier one still waits is harmless (finalizing is idempotent).
    const batches = [];
    for (let i = 0; i < pending.length; i += MAX_FILES_PER_UPLOAD_REQUEST) {
      batches.push({ payload: { artifactIds: pending.slice(i, i + MAX_FILES_PER_UPLOAD_REQUEST).map(({ id }) => id) } });
    }
    await this.queue.enqueueMany('finalize-uploads', batches);
    return pending.length;
  }
}
