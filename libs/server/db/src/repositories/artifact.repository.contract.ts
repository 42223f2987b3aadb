import { artifactOf } from '../testing/in-memory-database';
import crypto from 'node:crypto';
import type { RecordSeeder } from '../testing/record-seeder';
import type { ArtifactRepository } from './artifact.repository';
import type { CoreDumpRepository } from './core-dump.repository';
import type { ProjectRepository } from './project.repository';
import type { JobRepository } from './job.repository';
import type { UsageRepository } from './usage.repository';

const unique = () => crypto.randomBytes(4).toString('hex');
const NOW = new Date('2026-03-01T12:00:00.000Z');
const LATER = new Date('2026-03-20T12:00:00.000Z');
// Byte order (UTF-8); a linguistic collation would give a-b, a/b, a_b, B, é.
const BYTE_ORDER = ['B', 'a-b', 'a/b', 'a_b', 'é'];

export interface ArtifactStores {
  artifacts: ArtifactRepository;
  jobs: JobRepository;
  projects: ProjectRepository;
  coreDumps: CoreDumpRepository;
  usage: UsageRepository;
  seed: RecordSeeder;
  teardown?: () => Promise<void>;
}

/**
 * What the artifact, job, core-dump and usage repositories must answer, run against PostgreSQL
 * (integration) and the in-memory fakes (unit), so the fakes use-case tests rely on cannot drift.
 */
export function describeArtifactRepositoriesContract(name: string, setup: () => Promise<ArtifactStores>) {
  describe(`artifact, job, core-dump and usage repositories contract: ${name}`, () => {
    let stores: ArtifactStores;
    beforeAll(async () => (stores = await setup()));
    afterAll(async () => stores.teardown?.());

    async function world() {
      const { seed } = stores;
      const organization = await seed.organization({ slug: `org-${unique()}`, name: 'Org' });
      const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: `app-${unique()}` });
      const job = await seed.job({ projectId: project.id, number: 1 });
      const artifact = (path: string, extra: Partial<Parameters<RecordSeeder['artifact']>[0]> = {}) =>
        seed.artifact({ jobId: job.id, nodeIndex: 0, path, size: 10, expiresAt: LATER, createdAt: NOW, ...extra });
      return { organization, project, job, artifact };
    }

    test('the CircleCI listing is available, unexpired artifacts by node then path in byte order, paged by keyset', async () => {
      const { job, artifact } = await world();
      for (const path of [...BYTE_ORDER].reverse()) await artifact(path);
      await artifact('0-first-node-1', { nodeIndex: 1 });
      await artifact('expired', { expiresAt: NOW });
      await artifact('pending', { state: 'PENDING' });
      const all = await stores.artifacts.listAvailable(job.id, NOW, { limit: 100 });
      expect(all.map((a) => `${a.nodeIndex}/${a.path}`)).toEqual([...BYTE_ORDER.map((p) => `0/${p}`), '1/0-first-node-1']);
      const first = await stores.artifacts.listAvailable(job.id, NOW, { limit: 2 });
      const last = first[1];
      const next = await stores.artifacts.listAvailable(job.id, NOW, { limit: 100, after: [last.nodeIndex, last.path, last.id] });
      expect([...first, ...next]).toEqual(all);
    });

    test('the detailed listing has every state but DELETING, in byte order, filtered by a byte prefix, with core-dump facts', async () => {
      const { job, artifact } = await world();
      for (const path of [...BYTE_ORDER].reverse()) await artifact(path);
      const failed = await artifact('a/failed', { state: 'FAILED', failureReason: 'checksum mismatch' });
      await artifact('a/deleting', { state: 'DELETING' });
      const facts = { architecture: 'x86_64', signal: 11, signalName: 'SIGSEGV', pid: 42, executableName: 'app', arguments: 'app --x', executablePath: '/bin/app', threadCount: 2, programCounter: '0x1', stackPointer: '0x2', mappedFiles: [] };
      await stores.coreDumps.save(failed.id, facts);
      const listed = await stores.artifacts.listDetailed(job.id, NOW, { prefix: '', limit: 100 });
      expect(listed.map((a) => a.path)).toEqual(['B', 'a-b', 'a/b', 'a/failed', 'a_b', 'é']);
      const withCore = listed.find((a) => a.id === failed.id)!;
      expect(withCore).toMatchObject({ state: 'FAILED', failureReason: 'checksum mismatch', contentType: 'application/x-coredump', coreDump: facts });
      expect(listed.find((a) => a.path === 'B')?.coreDump).toBeNull();
      expect((await stores.artifacts.listDetailed(job.id, NOW, { prefix: 'a/', limit: 100 })).map((a) => a.path)).toEqual(['a/b', 'a/failed']);
      const page = await stores.artifacts.listDetailed(job.id, NOW, { prefix: '', limit: 3 });
      const after = page[2];
      const rest = await stores.artifacts.listDetailed(job.id, NOW, { prefix: '', limit: 100, after: [after.nodeIndex, after.path, after.id] });
      expect([...page, ...rest].map((a) => a.path)).toEqual(listed.map((a) => a.path));
    });

    test('a comparison reads available, unexpired artifacts in listing order, the newest per node and path, and whether any is pending', async () => {
      const { job, artifact } = await world();
      for (const path of [...BYTE_ORDER].reverse()) await artifact(path, { sha256: 'aa'.repeat(32), availableAt: NOW });
      await artifact('a/b', { nodeIndex: 1, size: 3, sha256: 'bb'.repeat(32), availableAt: NOW });
      await artifact('a/b', { nodeIndex: 1, size: 4, sha256: 'cc'.repeat(32), availableAt: new Date(NOW.getTime() + 1000) });
      await artifact('expired', { expiresAt: NOW });
      await artifact('failed', { state: 'FAILED' });
      const done = await stores.artifacts.listForComparison(job.id, NOW);
      expect(done.pending).toBe(false);
      expect(done.artifacts.map((a) => `${a.nodeIndex}/${a.path}`)).toEqual([...BYTE_ORDER.map((p) => `0/${p}`), '1/a/b']);
      expect(done.artifacts[done.artifacts.length - 1]).toEqual({ nodeIndex: 1, path: 'a/b', size: 4, sha256: 'cc'.repeat(32) });
      await artifact('pending', { state: 'PENDING' });
      const waiting = await stores.artifacts.listForComparison(job.id, NOW);
      expect(waiting.pending).toBe(true);
      expect(waiting.artifacts).toEqual(done.artifacts);
    });

    test('the latest job can be of one name and numbered below a job', async () => {
      const { project } = await world();
      await stores.jobs.upsert(project.id, 2, { name: 'build', branch: 'main', status: 'SUCCESS' }, NOW);
      await stores.jobs.upsert(project.id, 3, { name: 'test', branch: 'main', status: 'SUCCESS' }, NOW);
      await stores.jobs.upsert(project.id, 4, { name: 'build', branch: 'main', status: 'SUCCESS' }, NOW);
      await stores.jobs.upsert(project.id, 5, { name: 'build', branch: 'main', status: 'FAILED' }, NOW);
      const latest = (filter: Parameters<JobRepository['latest']>[1]) => stores.jobs.latest(project.id, filter).then((j) => j?.number ?? null);
      expect(await latest({ branch: 'main', name: 'build', statuses: ['SUCCESS'] })).toBe(4);
      expect(await latest({ branch: 'main', name: 'build', statuses: ['SUCCESS'], beforeNumber: 4 })).toBe(2);
      expect(await latest({ branch: 'main', name: 'test', beforeNumber: 3 })).toBeNull();
      expect(await latest({ name: 'build' })).toBe(5);
    });

    test('the download lookup finds an available, unexpired artifact by node and exact path', async () => {
      const { job, artifact } = await world();
      const stored = await artifact('dir/file.txt', { size: 1234, sha256: 'ab'.repeat(32), contentType: 'text/plain', availableAt: NOW });
      expect(await stores.artifacts.findDownloadable(job.id, 0, 'dir/file.txt', NOW)).toEqual(artifactOf(stored));
      expect(await stores.artifacts.findDownloadable(job.id, 1, 'dir/file.txt', NOW)).toBeNull();
      expect(await stores.artifacts.findDownloadable(job.id, 0, 'dir/FILE.txt', NOW)).toBeNull();
      expect(await stores.artifacts.findDownloadable(job.id, 0, 'dir/file.txt', LATER)).toBeNull();
    });

    test('the archive listing is one node or all, under a prefix, in byte order', async () => {
      const { job, artifact } = await world();
      for (const path of [...BYTE_ORDER].reverse()) await artifact(path);
      await artifact('a/b', { nodeIndex: 1 });
      expect((await stores.artifacts.listForArchive(job.id, NOW, { prefix: '', limit: 100 })).map((a) => `${a.nodeIndex}/${a.path}`)).toEqual([
        ...BYTE_ORDER.map((p) => `0/${p}`),
        '1/a/b',
      ]);
      expect((await stores.artifacts.listForArchive(job.id, NOW, { nodeIndex: 1, prefix: 'a/', limit: 100 })).map((a) => a.path)).toEqual(['a/b']);
      const [first] = await stores.artifacts.listForArchive(job.id, NOW, { prefix: '', limit: 1 });
      expect((await stores.artifacts.listForArchive(job.id, NOW, { prefix: '', limit: 1, after: [first.nodeIndex, first.path, first.id] }))[0].path).toBe('a-b');
    });

    test('deletion marks rows DELETING (invisible at once), lists them for the sweep and removes them', async () => {
      const { job, project, artifact } = await world();
      const one = await artifact('one', { size: 5 });
      await artifact('two', { size: 7 });
      await artifact('old', { expiresAt: NOW });
      expect(await stores.artifacts.markDeleting({ artifactId: one.id })).toBe(1);
      expect(await stores.artifacts.markDeleting({ artifactId: one.id })).toBe(0);
      expect((await stores.artifacts.listAvailable(job.id, new Date(NOW.getTime() - 1), { limit: 10 })).map((a) => a.path)).toEqual(['old', 'two']);
      // Other tests' expired artifacts are marked too: expiry is global.
      expect(await stores.artifacts.markExpired(NOW)).toBeGreaterThanOrEqual(1);
      expect(await stores.artifacts.markDeleting({ projectId: project.id })).toBe(1);
      const deleting = await stores.artifacts.listDeleting(10_000);
      expect(deleting.filter((a) => a.id === one.id)).toEqual([{ id: one.id, storageKey: one.storageKey, size: 5, blobId: null }]);
      await stores.artifacts.removeDeleting(deleting.map((a) => a.id));
      expect(await stores.artifacts.findById(one.id)).toBeNull();
      expect(await stores.artifacts.listDetailed(job.id, new Date(NOW.getTime() - 1), { prefix: '', limit: 10 })).toEqual([]);
    });

    test('retention: counts what a cutoff would expire and recomputes every expiry from the upload time', async () => {
      const { organization, job, artifact } = await world();
      const old = await artifact('old', { size: 100, createdAt: new Date('2026-02-01T00:00:00.000Z'), completedAt: new Date('2026-02-01T00:00:01.000Z') });
      await artifact('new', { size: 1, createdAt: NOW });
      expect(await stores.artifacts.countCreatedBefore(organization.id, new Date('2026-02-15T00:00:00.000Z'))).toEqual({ artifacts: 1, bytes: 100 });
      await stores.artifacts.applyRetention(organization.id, 7);
      expect((await stores.artifacts.findById(old.id))?.expiresAt).toEqual(new Date('2026-02-08T00:00:01.000Z'));
      expect((await stores.artifacts.listAvailable(job.id, NOW, { limit: 10 })).map((a) => a.path)).toEqual(['new']);
    });

    test('jobs: upsert creates then updates, ensure never overwrites, list is newest first with available counts, latest filters', async () => {
      const { project, artifact, job } = await world();
      await artifact('x');
      const created = await stores.jobs.upsert(project.id, 2, { branch: 'main', status: 'SUCCESS' }, NOW);
      expect(created).toMatchObject({ projectId: project.id, number: 2, branch: 'main', status: 'SUCCESS', startedAt: NOW });
      const updated = await stores.jobs.upsert(project.id, 2, { status: 'FAILED' }, LATER);
      expect(updated).toMatchObject({ id: created.id, branch: 'main', status: 'FAILED', startedAt: NOW });
      expect(await stores.jobs.ensure(project.id, 2, { branch: 'other' }, LATER)).toEqual(updated);
      const ensured = await stores.jobs.ensure(project.id, 3, { branch: 'dev' }, NOW);
      expect(ensured).toMatchObject({ number: 3, branch: 'dev', status: 'RUNNING' });
      const listed = await stores.jobs.list(project.id, { limit: 10 });
      expect(listed.map((j) => [j.number, j.availableArtifacts])).toEqual([[3, 0], [2, 0], [1, 1]]);
      expect((await stores.jobs.list(project.id, { limit: 10, beforeNumber: 3, branch: 'main' })).map((j) => j.number)).toEqual([2]);
      await stores.jobs.upsert(project.id, 3, { name: 'deploy' }, LATER);
      expect((await stores.jobs.list(project.id, { limit: 10, name: 'deploy' })).map((j) => j.number)).toEqual([3]);
      expect((await stores.jobs.list(project.id, { limit: 10, name: 'build' })).map((j) => j.number)).toEqual([2, 1]);
      expect((await stores.jobs.latest(project.id, { statuses: ['SUCCESS', 'FAILED'] }))?.number).toBe(2);
      expect((await stores.jobs.latest(project.id, { branch: 'dev' }))?.id).toBe(ensured.id);
      expect(await stores.jobs.latest(project.id, { branch: 'none' })).toBeNull();
      expect(job.number).toBe(1);
    });

    test('jobs: the newest of a stream is the highest-numbered finished job with that name, branch and status', async () => {
      const { project, job } = await world();
      const { seed } = stores;
      const add = (number: number, name: string, branch: string | null, status: 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCELED') =>
        seed.job({ projectId: project.id, number, name, branch, status });
      await add(2, 'build', 'main', 'SUCCESS');
      await add(3, 'build', 'main', 'SUCCESS');
      await add(4, 'deploy', 'main', 'SUCCESS');
      await add(5, 'build', 'feature', 'SUCCESS');
      await add(6, 'build', 'main', 'FAILED');
      await add(7, 'build', 'main', 'RUNNING');
      await add(8, 'build', 'main', 'QUEUED');
      await add(9, 'build', null, 'SUCCESS');
      await add(12, 'build', 'main', 'CANCELED');
      await add(10, 'build', 'main', 'SUCCESS');
      const newest = (name: string, branch: string, status: 'SUCCESS' | 'FAILED' | 'CANCELED') => stores.jobs.findNewest(project.id, { name, branch, status });
      expect(await newest('build', 'main', 'SUCCESS')).toMatchObject({ projectId: project.id, number: 10, name: 'build', branch: 'main', status: 'SUCCESS' });
      expect((await newest('deploy', 'main', 'SUCCESS'))?.number).toBe(4);
      expect((await newest('build', 'feature', 'SUCCESS'))?.number).toBe(5);
      expect((await newest('build', 'main', 'FAILED'))?.number).toBe(6);
      expect((await newest('build', 'main', 'CANCELED'))?.number).toBe(12);
      expect(await newest('deploy', 'main', 'FAILED')).toBeNull();
      expect(await newest('build', 'other', 'SUCCESS')).toBeNull();
      expect(await stores.jobs.findNewest(crypto.randomUUID(), { name: 'build', branch: 'main', status: 'SUCCESS' })).toBeNull();
      expect(job.status).toBe('RUNNING');
    });

    test('deleting a project removes it with its jobs and artifacts', async () => {
      const { project, job, artifact } = await world();
      const stored = await artifact('x');
      await stores.projects.delete(project.id);
      expect(await stores.artifacts.findById(stored.id)).toBeNull();
      expect(await stores.jobs.latest(project.id, {})).toBeNull();
      expect(job.projectId).toBe(project.id);
    });

    test('usage: egress and snapshots per day, storage by project, the largest artifacts', async () => {
      const { organization, project, artifact } = await world();
      await artifact('big', { size: 500 });
      await artifact('small', { size: 20 });
      await artifact('pending', { size: 7, state: 'PENDING' });
      // Two artifacts of one 100-byte blob: 200 logical bytes, 100 physical (what a snapshot records).
      const blob = await stores.seed.blob({ projectId: project.id, sha256: 'cd'.repeat(32), size: 100, storageKey: `artifacts/blob/${unique()}` });
      for (const path of ['copy-1', 'copy-2']) await artifact(path, { size: 100, blobId: blob.id, storageKey: blob.storageKey });
      await stores.usage.recordEgress({ organizationId: organization.id, projectId: project.id, bytes: 30, day: '2026-03-01', at: NOW });
      await stores.usage.recordEgress({ organizationId: organization.id, projectId: project.id, bytes: 12, day: '2026-03-01', at: NOW });
      await stores.usage.snapshotStorage('2026-02-28');
      expect(await stores.usage.snapshotStorage('2026-03-01')).toBeGreaterThanOrEqual(1);
      await stores.usage.snapshotStorage('2026-03-01');
      const usage = await stores.usage.organizationUsage(organization.id, NOW, '2026-02-28');
      expect(usage.byProject).toEqual([{ projectId: project.id, project: project.name, bytes: 720, artifacts: 4 }]);
      expect(usage.storageDaily).toEqual([{ day: '2026-02-28', bytes: 627 }, { day: '2026-03-01', bytes: 627 }]);
      expect(usage.egressDaily).toEqual([{ day: '2026-03-01', bytes: 42 }]);
      expect(usage.largest.map((a) => a.size)).toEqual([500, 100, 100, 20]);
      expect(usage.largest[0]).toEqual({ project: project.name, jobNumber: 1, path: 'big', nodeIndex: 0, size: 500 });
      expect((await stores.usage.organizationUsage(organization.id, NOW, '2026-03-01')).storageDaily).toEqual([{ day: '2026-03-01', bytes: 627 }]);
    });
  });
}
