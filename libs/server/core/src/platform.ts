import type { AppConfig } from '@stowage/server-config';
import { systemClock, type Clock, type StorageDriver } from '@stowage/domain';
import {
  PgAccessRepository,
  PgArtifactRepository,
  PgBlobRepository,
  PgCoreDumpRepository,
  PgJobRepository,
  PgOrganizationRepository,
  PgProjectRepository,
  PgTokenRepository,
  PgUploadRepository,
  PgUsageRepository,
  PgShareLinkRepository,
  PgUserRepository,
  openDatabase,
} from '@stowage/server-db';
import { TaskQueue, createRedisConnection } from '@stowage/server-queue';
import { createStorage } from '@stowage/server-storage';
import type Redis from 'ioredis';
import type { ServerContext, ServerLogger } from './server-context';
import { bindUseCases } from './use-case';
import { authenticate } from './use-cases/access/authenticate';
import { ADMIN_USE_CASES } from './use-cases/admin/admin-use-cases';
import { archiveJobArtifacts } from './use-cases/artifacts/archive-job-artifacts';
import { deleteArtifact } from './use-cases/artifacts/delete-artifact';
import { deleteJobArtifacts } from './use-cases/artifacts/delete-job-artifacts';
import { deleteProject } from './use-cases/projects/delete-project';
import { downloadArtifact } from './use-cases/artifacts/download-artifact';
import { createShareLink } from './use-cases/share-links/create-share-link';
import { listShareLinks } from './use-cases/share-links/list-share-links';
import { revokeShareLink } from './use-cases/share-links/revoke-share-link';
import { getOrganizationShareLinks } from './use-cases/share-links/get-organization-share-links';
import { setOrganizationShareLinks } from './use-cases/share-links/set-organization-share-links';
import { archiveSharedArtifacts, downloadSharedArtifact, listSharedArtifacts } from './use-cases/share-links/shared-artifacts';
import { previewPurge } from './use-cases/artifacts/preview-purge';
import { purgeArtifactBytes } from './use-cases/artifacts/purge-artifact-bytes';
import { listJobArtifacts } from './use-cases/artifacts/list-job-artifacts';
import { listJobArtifactsV11 } from './use-cases/artifacts/list-job-artifacts-v11';
import { listJobArtifactsV2 } from './use-cases/artifacts/list-job-artifacts-v2';
import { compareJobs } from './use-cases/jobs/compare-jobs';
import { getJob } from './use-cases/jobs/get-job';
import { listJobs } from './use-cases/jobs/list-jobs';
import { upsertJob } from './use-cases/jobs/upsert-job';
import { addMember } from './use-cases/organizations/add-member';
import { getOrganization } from './use-cases/organizations/get-organization';
import { getUsage } from './use-cases/organizations/get-usage';
import { listMembers } from './use-cases/organizations/list-members';
import { listOrganizations } from './use-cases/organizations/list-organizations';
import { previewRetention } from './use-cases/organizations/preview-retention';
import { removeMember } from './use-cases/organizations/remove-member';
import { updateMember } from './use-cases/organizations/update-member';
import { updateRetention } from './use-cases/organizations/update-retention';
import { createProject } from './use-cases/projects/create-project';
import { getProject } from './use-cases/projects/get-project';
import { listProjects } from './use-cases/projects/list-projects';
import { updateProject } from './use-cases/projects/update-project';
import { getMe } from './use-cases/session/get-me';
import { signIn } from './use-cases/session/sign-in';
import { signOut } from './use-cases/session/sign-out';
import { expireArtifacts } from './use-cases/tasks/expire-artifacts';
import { finalizeUploads } from './use-cases/tasks/finalize-uploads';
import { indexCoreDump } from './use-cases/tasks/index-core-dump';
import { requeuePendingUploads } from './use-cases/tasks/requeue-pending-uploads';
import { snapshotStorageUsage } from './use-cases/tasks/snapshot-storage-usage';
import { sweepAbandonedUploads } from './use-cases/tasks/sweep-abandoned-uploads';
import { createPersonalToken } from './use-cases/tokens/create-personal-token';
import { createProjectToken } from './use-cases/tokens/create-project-token';
import { listPersonalTokens } from './use-cases/tokens/list-personal-tokens';
import { listProjectTokens } from './use-cases/tokens/list-project-tokens';
import { revokePersonalToken } from './use-cases/tokens/revoke-personal-token';
import { revokeProjectToken } from './use-cases/tokens/revoke-project-token';
import { claimUploads } from './use-cases/uploads/claim-uploads';
import { completeUploads } from './use-cases/uploads/complete-uploads';
import { createUploadBatch } from './use-cases/uploads/create-upload-batch';
import { createUploads } from './use-cases/uploads/create-uploads';
import { receiveUploadBatch } from './use-cases/uploads/receive-upload-batch';
import { receiveUploadPart } from './use-cases/uploads/receive-upload-part';
import { recordUploadParts } from './use-cases/uploads/record-upload-parts';

export type { ServerLogger as PlatformLogger } from './server-context';

/** Every use case an HTTP route calls, by name: one route, one use case. */
const USE_CASES = {
  authenticate,
  // session, organizations and members, projects, tokens
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
  deleteProject,
  listPersonalTokens,
  createPersonalToken,
  revokePersonalToken,
  listProjectTokens,
  createProjectToken,
  revokeProjectToken,
  // jobs, artifacts, retention and usage
  listJobs,
  getJob,
  compareJobs,
  upsertJob,
  listJobArtifactsV11,
  listJobArtifactsV2,
  listJobArtifacts,
  downloadArtifact,
  archiveJobArtifacts,
  deleteJobArtifacts,
  deleteArtifact,
  previewPurge,
  purgeArtifactBytes,
  updateRetention,
  previewRetention,
  getUsage,
  // uploads
  createUploads,
  receiveUploadPart,
  claimUploads,
  recordUploadParts,
  completeUploads,
  createUploadBatch,
  receiveUploadBatch,
  // share links: managed by members, opened by anyone holding the secret
  createShareLink,
  listShareLinks,
  revokeShareLink,
  getOrganizationShareLinks,
  setOrganizationShareLinks,
  listSharedArtifacts,
  downloadSharedArtifact,
  archiveSharedArtifacts,
};

/** Every background task's use case (task-handlers.ts maps the contracts' task names to them). */
const TASK_USE_CASES = {
  finalizeUploads,
  indexCoreDump,
  expireArtifacts,
  sweepAbandonedUploads,
  requeuePendingUploads,
  snapshotStorageUsage,
};

/**
 * The server, built once from configuration: repositories on one connection pool, the storage
 * driver, the task queue, and the use cases bound to them. The API, the worker and the admin
 * command are thin entry points over `useCases`, `backgroundTasks` and `admin`; tests build it with
 * their own database, storage and clock.
 */
export function createPlatform(config: AppConfig, logger: ServerLogger, overrides: { clock?: Clock; storage?: StorageDriver } = {}) {
  const clock = overrides.clock ?? systemClock;
  const database = openDatabase(config.env.DATABASE_URL);
  const redis: Redis = createRedisConnection(config.env.REDIS_URL);
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const configured = createStorage(config.storage, { signingSecret: config.signingSecret, publicUrl: config.publicUrl });
  const storage = overrides.storage ?? configured.driver;
  const tasks = new TaskQueue(redis, config.env.QUEUE_PREFIX);
  const context: ServerContext = {
    config,
    clock,
    logger,
    storage,
    tasks,
    access: new PgAccessRepository(database),
    organizations: new PgOrganizationRepository(database),
    users: new PgUserRepository(database),
    projects: new PgProjectRepository(database),
    tokens: new PgTokenRepository(database),
    jobs: new PgJobRepository(database),
    artifacts: new PgArtifactRepository(database),
    blobs: new PgBlobRepository(database),
    coreDumps: new PgCoreDumpRepository(database),
    usage: new PgUsageRepository(database),
    shareLinks: new PgShareLinkRepository(database),
    uploads: new PgUploadRepository(database),
    partReceiver: configured.partReceiver,
  };

  return {
    config,
    useCases: bindUseCases(context, USE_CASES),
    backgroundTasks: bindUseCases(context, TASK_USE_CASES),
    /** The admin command's use cases: no Principal (see ADMIN_USE_CASES). */
    admin: bindUseCases(context, ADMIN_USE_CASES),
    /** What the use cases run on: for tests that call a use case with one member replaced, or look at the store. */
    context,
    /** The worker's boot: its task runner shares this connection, and it registers the schedules. */
    redis,
    tasks,
    /** Readiness: each dependency answers or throws. */
    health: {
      database: () => database.checkHealth(),
      redis: () => tasks.ping(),
      storage: () => storage.checkHealth(),
    },
    /** Opens the database connections now rather than when the first burst of requests needs them. */
    warmUp: () => database.warmUp(),
    async close(): Promise<void> {
      await tasks.close().catch(() => undefined);
      redis.disconnect();
      await database.close();
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;
