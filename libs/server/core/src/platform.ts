import type { AppConfig } from '@stowage/server-config';
import { systemClock, type Clock, type StorageDriver } from '@stowage/domain';
import {
  PgAccessRepository,
  PgOrganizationRepository,
  PgProjectRepository,
  PgTokenRepository,
  PgUploadRepository,
  PgUserRepository,
  openDatabase,
  prismaOnPool,
} from '@stowage/server-db';
import { TaskQueue, createRedisConnection } from '@stowage/server-queue';
import { createStorage } from '@stowage/server-storage';
import type Redis from 'ioredis';
import { AccessService } from './access/access.service';
import { ArtifactLifecycleService } from './artifacts/artifact-lifecycle.service';
import { IndexCoreDumpService } from './artifacts/index-core-dump.service';
import { JobService } from './jobs/job.service';
import { ArtifactQueryService } from './retrieval/artifact-query.service';
import { PageTokenCodec } from './retrieval/page-token';
import { UsageService } from './usage/usage.service';
import type { ServerContext } from './server-context';
import { bindUseCases } from './use-case';
import { authenticate } from './use-cases/access/authenticate';
import { ADMIN_USE_CASES } from './use-cases/admin/admin-use-cases';
import { addMember } from './use-cases/organizations/add-member';
import { getOrganization } from './use-cases/organizations/get-organization';
import { listMembers } from './use-cases/organizations/list-members';
import { listOrganizations } from './use-cases/organizations/list-organizations';
import { removeMember } from './use-cases/organizations/remove-member';
import { updateMember } from './use-cases/organizations/update-member';
import { createProject } from './use-cases/projects/create-project';
import { getProject } from './use-cases/projects/get-project';
import { listProjects } from './use-cases/projects/list-projects';
import { updateProject } from './use-cases/projects/update-project';
import { getMe } from './use-cases/session/get-me';
import { signIn } from './use-cases/session/sign-in';
import { signOut } from './use-cases/session/sign-out';
import { createPersonalToken } from './use-cases/tokens/create-personal-token';
import { createProjectToken } from './use-cases/tokens/create-project-token';
import { listPersonalTokens } from './use-cases/tokens/list-personal-tokens';
import { listProjectTokens } from './use-cases/tokens/list-project-tokens';
import { revokePersonalToken } from './use-cases/tokens/revoke-personal-token';
import { revokeProjectToken } from './use-cases/tokens/revoke-project-token';
import { completeUploads } from './use-cases/uploads/complete-uploads';
import { createUploads } from './use-cases/uploads/create-uploads';
import { receiveUploadPart } from './use-cases/uploads/receive-upload-part';
import { finalizeUploads } from './use-cases/tasks/finalize-uploads';
import { requeuePendingUploads } from './use-cases/tasks/requeue-pending-uploads';
import { sweepAbandonedUploads } from './use-cases/tasks/sweep-abandoned-uploads';

export type { ServerLogger as PlatformLogger } from './server-context';
import type { ServerLogger as PlatformLogger } from './server-context';

/** Every use case the entry points call, by name. */
const USE_CASES = {
  authenticate,
  // directory: session, organizations, projects, tokens
  signIn,
  signOut,
  getMe,
  listOrganizations,
  getOrganization,
  listMembers,
  addMember,
  updateMember,
  removeMember,
  listProjects,
  createProject,
  getProject,
  updateProject,
  listPersonalTokens,
  createPersonalToken,
  revokePersonalToken,
  listProjectTokens,
  createProjectToken,
  revokeProjectToken,
  // uploads
  createUploads,
  receiveUploadPart,
  completeUploads,
};
/** Every background task's use case, by name (task-handlers.ts maps task names to them). */
const TASK_USE_CASES = { finalizeUploads, sweepAbandonedUploads, requeuePendingUploads };

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
  const configured = createStorage(config.storage, { signingSecret: config.signingSecret, publicUrl: config.publicUrl });
  const storage = overrides.storage ?? configured.driver;
  const queue = new TaskQueue(redis, config.env.QUEUE_PREFIX);
  const jobs = new JobService(db);
  const ctx: ServerContext = {
    config,
    clock,
    logger,
    storage,
    tasks: queue,
    access: new PgAccessRepository(database),
    organizations: new PgOrganizationRepository(database),
    users: new PgUserRepository(database),
    projects: new PgProjectRepository(database),
    tokens: new PgTokenRepository(database),
    uploads: new PgUploadRepository(database),
    partReceiver: configured.partReceiver,
    jobs,
  };
  const useCases = bindUseCases(ctx, USE_CASES);
  const backgroundTasks = bindUseCases(ctx, TASK_USE_CASES);
  /** The admin command's use cases: no Principal (see ADMIN_USE_CASES). */
  const admin = bindUseCases(ctx, ADMIN_USE_CASES);
  const access = new AccessService(ctx.access);
  const coreDumps = new IndexCoreDumpService(db, storage);
  const artifacts = new ArtifactQueryService(db, sql, clock, new PageTokenCodec(config.signingSecret), config.artifactsUrl);
  const usage = new UsageService(db, clock);
  const lifecycle = new ArtifactLifecycleService(db, storage, queue, clock, { abandonedUploadHours: config.env.ABANDONED_UPLOAD_HOURS });

  return {
    useCases,
    admin,
    backgroundTasks,
    /** What the use cases run on (tests call a use case with one member replaced). */
    context: ctx,
    config,
    clock,
    db,
    redis,
    storage,
    queue,
    access,
    jobs,
    coreDumps,
    lifecycle,
    artifacts,
    usage,
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
