import type { ProjectRef } from '@stowage/contracts';
import { DomainError, ManualClock, type Principal } from '@stowage/domain';
import type { AppConfig } from '@stowage/server-config';
import {
  InMemoryAccessRepository,
  InMemoryArtifactRepository,
  InMemoryBlobRepository,
  InMemoryCoreDumpRepository,
  InMemoryDatabase,
  InMemoryJobRepository,
  InMemoryShareLinkRepository,
  InMemoryUsageRepository,
  InMemoryOrganizationRepository,
  InMemoryProjectRepository,
  InMemoryRecordSeeder,
  InMemoryTokenRepository,
  InMemoryUploadRepository,
  InMemoryUserRepository,
} from '@stowage/server-db/fakes';
import { InMemoryStorageDriver, type InMemoryStorageOptions } from '@stowage/server-storage/fakes';
import { RecordingTaskQueue } from '../../testing/recording-task-queue';
import type { ServerContext } from '../../server-context';

export const MiB = 1024 * 1024;
export const DAY_MS = 24 * 3600_000;
export const NOW = new Date('2026-03-01T12:00:00Z');
export const TTL_SECONDS = 900;
export const LIMIT = 5 * MiB;
export const SHA = 'a'.repeat(64);
export const JOB_ID = '11111111-1111-4111-8111-111111111111';
export const PROJECT_REF: ProjectRef = { vcsType: 'github', organization: 'acme', project: 'app' };

/**
 * An organization "acme" with a private project "app", its upload token, a stranger, and the upload
 * use cases' context on in-memory fakes (the job repository's `ensure` watched).
 */
export async function uploadWorld(storageOptions: InMemoryStorageOptions = {}) {
  const tables = new InMemoryDatabase();
  const seed = new InMemoryRecordSeeder(tables);
  const clock = new ManualClock(NOW);
  const organization = await seed.organization({ slug: 'acme', name: 'Acme' });
  const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app', isPrivate: true });
  const other = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'other', isPrivate: true });
  const member = await seed.user({ email: 'max@acme.test', name: 'Max' });
  await seed.membership({ organizationId: organization.id, userId: member.id, role: 'MEMBER' });
  const stranger = await seed.user({ email: 'sam@else.test', name: 'Sam' });
  const job = await seed.job({ id: JOB_ID, projectId: project.id, number: 42 });
  const uploader: Principal = { kind: 'project-token', projectId: project.id, scope: 'UPLOAD', tokenId: 'tok-1', userId: member.id };
  const readOnly: Principal = { kind: 'project-token', projectId: project.id, scope: 'READ', tokenId: 'tok-2', userId: member.id };
  const uploadReader: Principal = { kind: 'project-token', projectId: project.id, scope: 'UPLOAD_READ', tokenId: 'tok-3', userId: member.id };
  const memberUser: Principal = { kind: 'user', userId: member.id };
  const outsider: Principal = { kind: 'user', userId: stranger.id };
  const storage = new InMemoryStorageDriver(storageOptions);
  const tasks = new RecordingTaskQueue();
  const warnings: Array<{ object: object; message: string }> = [];
  const jobs = new InMemoryJobRepository(tables);
  const ensure = jest.spyOn(jobs, 'ensure');
  const config = { env: { MAX_ARTIFACT_BYTES: LIMIT, UPLOAD_TARGET_TTL_SECONDS: TTL_SECONDS, ABANDONED_UPLOAD_HOURS: 24 } } as unknown as AppConfig;
  const ctx: ServerContext = {
    config,
    clock,
    logger: { info: () => undefined, warn: (object, message) => warnings.push({ object, message }), error: () => undefined },
    storage,
    tasks: tasks.asTaskQueue(),
    access: new InMemoryAccessRepository(tables),
    organizations: new InMemoryOrganizationRepository(tables),
    users: new InMemoryUserRepository(tables),
    projects: new InMemoryProjectRepository(tables),
    tokens: new InMemoryTokenRepository(tables),
    uploads: new InMemoryUploadRepository(tables),
    partReceiver: storage,
    jobs,
    artifacts: new InMemoryArtifactRepository(tables),
    blobs: new InMemoryBlobRepository(tables),
    coreDumps: new InMemoryCoreDumpRepository(tables),
    usage: new InMemoryUsageRepository(tables),
    shareLinks: new InMemoryShareLinkRepository(tables),
  };
  return { tables, seed, clock, organization, project, other, job, member, uploader, uploadReader, memberUser, readOnly, outsider, storage, tasks, warnings, ensure, ctx };
}

/** The DomainError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a DomainError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw error;
  return error;
}
