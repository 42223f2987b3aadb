import type { Clock, PartReceiver, StorageDriver } from '@stowage/domain';
import type { AppConfig } from '@stowage/server-config';
import type {
  AccessRepository,
  ArtifactRepository,
  BlobRepository,
  CoreDumpRepository,
  JobRepository,
  OrganizationRepository,
  ProjectRepository,
  ShareLinkRepository,
  TokenRepository,
  UploadRepository,
  UsageRepository,
  UserRepository,
} from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';

export interface ServerLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Everything a use case may reach: repositories (every query), the storage driver, the task queue,
 * the clock and configuration. Built once by createPlatform; unit tests build it from in-memory
 * fakes. A use case declares the part it uses with `Pick<ServerContext, ...>`.
 */
export interface ServerContext {
  config: AppConfig;
  clock: Clock;
  logger: ServerLogger;
  storage: StorageDriver;
  tasks: TaskQueue;
  access: AccessRepository;
  organizations: OrganizationRepository;
  users: UserRepository;
  projects: ProjectRepository;
  tokens: TokenRepository;
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  /** Verified bytes, once per project (claims, deduplication, the blob sweep, purge, verify). */
  blobs: BlobRepository;
  coreDumps: CoreDumpRepository;
  usage: UsageRepository;
  uploads: UploadRepository;
  /** Public links to part of a job's artifacts (docs/share-links.md). */
  shareLinks: ShareLinkRepository;
  /** Receives parts sent to the API's part route (the filesystem driver's targets). */
  partReceiver: PartReceiver;
}
