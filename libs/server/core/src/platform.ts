import type { AppConfig } from '@stowage/server-config';
import { systemClock, type Clock, type StorageDriver } from '@stowage/domain';
import { PgAccessRepository, PgArtifactRepository, PgCoreDumpRepository, PgJobRepository, PgUsageRepository, openDatabase, prismaOnPool } from '@stowage/server-db';
import { TaskQueue, createRedisConnection } from '@stowage/server-queue';
import { createStorageDriver } from '@stowage/server-storage';
import type Redis from 'ioredis';
import { AccessService } from './access/access.service';
import { ArtifactLifecycleService } from './artifacts/artifact-lifecycle.service';
import { FinalizeUploadService } from './artifacts/finalize-upload.service';
import { DirectoryService } from './directory/directory.service';
import { PartUrlSigner } from './uploads/part-url-signer';
import { UploadService } from './uploads/upload.service';
import type { ServerContext } from './server-context';
import { bindUseCases } from './use-case';
import { authenticate } from './use-cases/access/authenticate';
import { archiveJobArtifacts } from './use-cases/artifacts/archive-job-artifacts';
import { deleteArtifact } from './use-cases/artifacts/delete-artifact';
import { deleteJobArtifacts } from './use-cases/artifacts/delete-job-artifacts';
import { deleteProject } from './use-cases/artifacts/delete-project';
import { downloadArtifact } from './use-cases/artifacts/download-artifact';
import { listJobArtifacts } from './use-cases/artifacts/list-job-artifacts';
import { listJobArtifactsV11 } from './use-cases/artifacts/list-job-artifacts-v11';
import { listJobArtifactsV2 } from './use-cases/artifacts/list-job-artifacts-v2';
import { getJob } from './use-cases/jobs/get-job';
import { listJobs } from './use-cases/jobs/list-jobs';
import { upsertJob } from './use-cases/jobs/upsert-job';
import { getUsage } from './use-cases/organizations/get-usage';
import { previewRetention } from './use-cases/organizations/preview-retention';
import { updateRetention } from './use-cases/organizations/update-retention';

export type { ServerLogger as PlatformLogger } from './server-context';
import type { ServerLogger as PlatformLogger } from './server-context';

/** Every use case the entry points call, by name. */
const USE_CASES = {
  authenticate,
  listJobArtifactsV11,
  listJobArtifactsV2,
  listJobArtifacts,
  downloadArtifact,
  archiveJobArtifacts,
  listJobs,
  getJob,
  upsertJob,
  deleteJobArtifacts,
  deleteArtifact,
  deleteProject,
  updateRetention,
  previewRetention,
  getUsage,
};

/**
 * Every service, built once from configuration. The API, the worker and the admin command are thin
 * entry points over this; tests build it with their own database, storage and clock.
 */
export function createPlatform(config: AppConfig, logger: PlatformLogger, overrides: { clock?: Clock; storage?: StorageDriver } = {}) {
  const clock = overrides.clock ?? systemClock;
  const database = openDatabase(config.env.DATABASE_URL);
  const { db, sql } = prismaOnPool(database.pool);
  const redis: Redis = createRedisConnection(config.env.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const storage = overrides.storage ?? createStorageDriver(config.storage);
  const queue = new TaskQueue(redis, config.env.QUEUE_PREFIX);
  const ctx: ServerContext = {
    config,
    clock,
    logger,
    storage,
    tasks: queue,
    access: new PgAccessRepository(database),
    jobs: new PgJobRepository(database),
    artifacts: new PgArtifactRepository(database),
    coreDumps: new PgCoreDumpRepository(database),
    usage: new PgUsageRepository(database),
  };
  const useCases = bindUseCases(ctx, USE_CASES);
  const access = new AccessService(db, sql, clock);
  const directory = new DirectoryService(db, clock);
  const signer = new PartUrlSigner(config.signingSecret, config.publicUrl);
  const uploads = new UploadService(
    db,
    sql,
    storage,
    queue,
    access,
    ctx.jobs,
    signer,
    clock,
    { maxArtifactBytes: config.env.MAX_ARTIFACT_BYTES, targetTtlSeconds: config.env.UPLOAD_TARGET_TTL_SECONDS },
    logger,
  );
  const finalizer = new FinalizeUploadService(db, storage, queue, clock);
  const lifecycle = new ArtifactLifecycleService(db, storage, queue, clock, { abandonedUploadHours: config.env.ABANDONED_UPLOAD_HOURS });

  return {
    useCases,
    config,
    clock,
    db,
    redis,
    storage,
    queue,
    access,
    directory,
    /** The use cases' context, for background tasks (task-handlers.ts). */
    ctx,
    uploads,
    finalizer,
    lifecycle,
    /** Opens the database connections now rather than when the first burst of requests needs them. */
    warmUp: () => database.warmUp(),
    async close(): Promise<void> {
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await db.$disconnect();
      await database.close();
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;
