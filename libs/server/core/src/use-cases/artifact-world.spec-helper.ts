import { PassThrough, Readable, Writable } from 'node:stream';
import { ManualClock, type Principal, type StorageDriver } from '@stowage/domain';
import type { AppConfig } from '@stowage/server-config';
import {
  InMemoryAccessRepository,
  InMemoryArtifactRepository,
  InMemoryBlobRepository,
  InMemoryCoreDumpRepository,
  InMemoryDatabase,
  InMemoryJobRepository,
  InMemoryProjectRepository,
  InMemoryRecordSeeder,
  InMemoryShareLinkRepository,
  InMemoryUsageRepository,
} from '@stowage/server-db/fakes';

export const NOW = new Date('2026-06-01T12:00:00.000Z');
export const LATER = new Date('2026-06-20T12:00:00.000Z');

/** Objects in memory behind the storage members the artifact use cases call. */
export function memoryStorage(options: { presigns?: boolean } = {}) {
  const objects = new Map<string, Buffer>();
  const deleted: string[][] = [];
  const storage = {
    kind: options.presigns ? 's3' : 'filesystem',
    presignsUploads: options.presigns ?? false,
    read: async (key: string, range?: { start: number; end: number }) => {
      const bytes = objects.get(key) ?? Buffer.alloc(0);
      return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
    },
    presignDownload: async (key: string) => (options.presigns ? `https://store.test/${key}?signed` : null),
    deleteMany: async (keys: string[]) => {
      deleted.push(keys);
      for (const key of keys) objects.delete(key);
    },
  } as unknown as StorageDriver;
  return { storage, objects, deleted };
}

/** A Writable that keeps what it was sent. */
export function sink() {
  const chunks: Buffer[] = [];
  const destination = new Writable({ write: (chunk, _encoding, done) => (chunks.push(Buffer.from(chunk)), done()) });
  return { destination, bytes: () => Buffer.concat(chunks) };
}
export { PassThrough };

/** An organization with an admin, a member and an outsider, a private project, job 1 and the in-memory context. */
export async function artifactWorld(options: { presigns?: boolean } = {}) {
  const tables = new InMemoryDatabase();
  const seed = new InMemoryRecordSeeder(tables);
  const clock = new ManualClock(NOW);
  const { storage, objects, deleted } = memoryStorage(options);
  const enqueued: Array<{ name: string; payload: unknown }> = [];
  const ctx = {
    config: { artifactsUrl: 'https://stowage.test', signingSecret: 'secret', env: { S3_REDIRECT_DOWNLOADS: true } } as unknown as AppConfig,
    clock,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    storage,
    tasks: { enqueue: async (name: string, payload: unknown) => void enqueued.push({ name, payload }) } as never,
    access: new InMemoryAccessRepository(tables),
    jobs: new InMemoryJobRepository(tables),
    projects: new InMemoryProjectRepository(tables),
    artifacts: new InMemoryArtifactRepository(tables),
    blobs: new InMemoryBlobRepository(tables),
    coreDumps: new InMemoryCoreDumpRepository(tables),
    usage: new InMemoryUsageRepository(tables),
    shareLinks: new InMemoryShareLinkRepository(tables),
  };
  const organization = await seed.organization({ slug: 'acme', name: 'Acme' });
  const [admin, member, outsider] = await Promise.all(['admin', 'member', 'outsider'].map((name) => seed.user({ email: `${name}@acme.test`, name })));
  await seed.membership({ organizationId: organization.id, userId: admin.id, role: 'ADMIN' });
  await seed.membership({ organizationId: organization.id, userId: member.id, role: 'MEMBER' });
  const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app', isPrivate: true });
  const job = await seed.job({ projectId: project.id, number: 1, status: 'SUCCESS', branch: 'main' });
  const ref = { vcsType: 'github' as const, organization: 'acme', project: 'app' };
  const as = (user: { id: string }): Principal => ({ kind: 'user', userId: user.id });
  const artifact = async (path: string, content = path, extra: { nodeIndex?: number; state?: 'AVAILABLE' | 'PENDING' | 'FAILED'; jobId?: string } = {}) => {
    const stored = await seed.artifact({ jobId: extra.jobId ?? job.id, nodeIndex: extra.nodeIndex ?? 0, path, size: Buffer.byteLength(content), sha256: 'ab'.repeat(32), expiresAt: LATER, createdAt: NOW, availableAt: NOW, ...(extra.state ? { state: extra.state } : {}) });
    objects.set(stored.storageKey, Buffer.from(content));
    return stored;
  };
  return { tables, seed, ctx, clock, organization, project, job, ref, artifact, objects, deleted, enqueued, admin: as(admin), member: as(member), outsider: as(outsider) };
}
