import { MAX_FILES_PER_UPLOAD_REQUEST } from '@stowage/contracts';
import type { Clock, StorageDriver } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';

/** S3's DeleteObjects takes at most 1000 keys; the filesystem driver is happy with the same batches. */
export const DELETE_BATCH_SIZE = 1000;
const DAY_MS = 24 * 3600_000;

export interface SweepResult {
  deleted: number;
  bytes: number;
}

/**
 * Everything that removes artifacts: expiry, admin deletion, replacement and abandoned uploads.
 * One order everywhere: mark the rows DELETING (invisible at once), delete the objects, then the rows.
 * A crash anywhere leaves DELETING rows whose objects may or may not exist; the next sweep finishes
 * the work, and deleting a missing object is not an error.
 */
export class ArtifactLifecycleService {
  constructor(
    private readonly db: Db,
    private readonly storage: StorageDriver,
    private readonly queue: TaskQueue,
    private readonly clock: Clock,
    private readonly options: { abandonedUploadHours: number },
  ) {}

  /** Expired artifacts (and ones already marked for deletion) are removed in batches until none remain. */
  async expireArtifacts(): Promise<SweepResult> {
    const now = this.clock.now();
    await this.db.artifact.updateMany({
      where: { state: { in: ['AVAILABLE', 'FAILED'] }, expiresAt: { lte: now } },
      data: { state: 'DELETING' },
    });
    return this.sweepDeleting();
  }

  async sweepDeleting(): Promise<SweepResult> {
    const total: SweepResult = { deleted: 0, bytes: 0 };
    for (;;) {
      const batch = await this.db.artifact.findMany({
        where: { state: 'DELETING' },
        select: { id: true, storageKey: true, size: true },
        take: DELETE_BATCH_SIZE,
        orderBy: { id: 'asc' },
      });
      if (batch.length === 0) return total;
      await this.storage.deleteMany(batch.map((artifact) => artifact.storageKey));
      await this.db.artifact.deleteMany({ where: { id: { in: batch.map((artifact) => artifact.id) }, state: 'DELETING' } });
      total.deleted += batch.length;
      total.bytes += batch.reduce((sum, artifact) => sum + Number(artifact.size), 0);
    }
  }

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

  /** Admin deletion (a leaked secret must go at once): invisible now, bytes gone before this returns. */
  async deleteArtifacts(where: { artifactId: string } | { jobId: string }): Promise<number> {
    const { count } = await this.db.artifact.updateMany({
      where: 'artifactId' in where ? { id: where.artifactId, state: { not: 'DELETING' } } : { jobId: where.jobId, state: { not: 'DELETING' } },
      data: { state: 'DELETING' },
    });
    await this.sweepDeleting();
    return count;
  }

  async deleteProject(projectId: string): Promise<void> {
    await this.db.artifact.updateMany({ where: { job: { projectId } }, data: { state: 'DELETING' } });
    await this.sweepDeleting();
    await this.db.project.delete({ where: { id: projectId } });
  }

  /** What a shorter retention would expire at once, so the page can say it before saving. */
  async previewRetention(organizationId: string, days: number): Promise<{ expiringArtifacts: number; expiringBytes: number }> {
    const cutoff = new Date(this.clock.now().getTime() - days * DAY_MS);
    const result = await this.db.artifact.aggregate({
      where: { job: { project: { organizationId } }, state: { in: ['AVAILABLE', 'FAILED'] }, createdAt: { lte: cutoff } },
      _count: { _all: true },
      _sum: { size: true },
    });
    return { expiringArtifacts: result._count._all, expiringBytes: Number(result._sum.size ?? 0) };
  }

  /** A new retention applies to every stored artifact: expiry = upload time + retention. */
  async setRetention(organizationId: string, days: number): Promise<void> {
    await this.db.$transaction([
      this.db.organization.update({ where: { id: organizationId }, data: { artifactRetentionDays: days } }),
      this.db.$executeRaw`UPDATE artifacts SET expires_at = COALESCE(completed_at, created_at) + make_interval(days => ${days}::int)
        WHERE state <> 'DELETING' AND job_id IN (SELECT j.id FROM jobs j JOIN projects p ON p.id = j.project_id WHERE p.organization_id = ${organizationId}::uuid)`,
    ]);
    await this.queue.enqueue('expire-artifacts', {}).catch(() => undefined);
  }
}
