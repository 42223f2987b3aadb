import crypto from 'node:crypto';
import type { RecordSeeder } from '../testing/record-seeder';
import type { BlobRepository } from './blob.repository';

const unique = () => crypto.randomBytes(4).toString('hex');
const digest = () => crypto.randomBytes(32).toString('hex');

/** What every BlobRepository must answer, on PostgreSQL (integration) and in memory (unit). */
export function describeBlobRepositoryContract(name: string, setup: () => Promise<{ repository: BlobRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>) {
  describe(`BlobRepository contract: ${name}`, () => {
    let repository: BlobRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    async function project() {
      const organization = await seed.organization({ slug: `blobs-${unique()}`, name: 'Blobs' });
      const created = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app' });
      const job = await seed.job({ projectId: created.id, number: 1 });
      return { organization, project: created, job };
    }
    const blobIn = (projectId: string, overrides: { size?: number; state?: 'AVAILABLE' | 'DELETING' } = {}) =>
      seed.blob({ projectId, sha256: digest(), size: overrides.size ?? 10, storageKey: `artifacts/blob/${unique()}`, state: overrides.state ?? 'AVAILABLE' });

    test('finds a project\'s available blobs by digest and size, never another project\'s or a DELETING one', async () => {
      const mine = await project();
      const theirs = await project();
      const held = await blobIn(mine.project.id);
      const deleting = await blobIn(mine.project.id, { state: 'DELETING' });
      const foreign = await seed.blob({ projectId: theirs.project.id, sha256: held.sha256, size: 10, storageKey: `artifacts/blob/${unique()}` });
      const found = await repository.findStored(mine.project.id, [
        { sha256: held.sha256, size: 10 },
        { sha256: held.sha256, size: 11 },
        { sha256: deleting.sha256, size: 10 },
      ]);
      expect(found.map((b) => b.id)).toEqual([held.id]);
      expect((await repository.findStored(theirs.project.id, [{ sha256: held.sha256, size: 10 }])).map((b) => b.id)).toEqual([foreign.id]);
    });

    test('marks only unreferenced candidates DELETING, lists them once their artifacts are gone, then removes them', async () => {
      const { project: p, job } = await project();
      const [free, referenced, other] = [await blobIn(p.id), await blobIn(p.id), await blobIn(p.id)];
      await seed.artifact({ jobId: job.id, path: 'a.txt', blobId: referenced.id, storageKey: referenced.storageKey });
      const marked = await repository.markUnreferencedDeleting(1000, [free.id, referenced.id]);
      expect(marked).toEqual([{ id: free.id, storageKey: free.storageKey, size: 10 }]);
      expect((await repository.findById(other.id))?.state).toBe('AVAILABLE');
      expect((await repository.findById(referenced.id))?.state).toBe('AVAILABLE');
      const deletable = await repository.listDeletable(100_000);
      expect(deletable).toContainEqual({ id: free.id, storageKey: free.storageKey, size: 10 });
      await repository.remove([free.id, referenced.id]);
      expect(await repository.findById(free.id)).toBeNull();
      expect(await repository.findById(referenced.id)).not.toBeNull();
    });

    test('a purged blob is DELETING at once, but deletable only when no artifact refers to it', async () => {
      const { project: p, job } = await project();
      const blob = await blobIn(p.id);
      const artifact = await seed.artifact({ jobId: job.id, path: 'leak.log', blobId: blob.id, storageKey: blob.storageKey });
      expect(await repository.markDeleting(blob.id)).toBe(true);
      expect(await repository.markDeleting(blob.id)).toBe(false);
      expect(await repository.findStored(p.id, [{ sha256: blob.sha256, size: 10 }])).toEqual([]);
      expect((await repository.listDeletable(100_000)).map((b) => b.id)).not.toContain(blob.id);
      expect((await repository.findByArtifact(artifact.id))?.id).toBe(blob.id);
    });

    test('lists the artifacts referring to a blob in job, container and path order, every state but DELETING, with the total', async () => {
      const { project: p, job } = await project();
      const job2 = await seed.job({ projectId: p.id, number: 2 });
      const blob = await blobIn(p.id);
      const other = await blobIn(p.id);
      const refer = (jobId: string, path: string, extra: { nodeIndex?: number; state?: 'AVAILABLE' | 'FAILED' | 'DELETING' } = {}) =>
        seed.artifact({ jobId, path, size: 10, blobId: blob.id, storageKey: blob.storageKey, ...extra });
      await refer(job2.id, 'a.log');
      await refer(job.id, 'b.log', { nodeIndex: 1 });
      await refer(job.id, 'z.log');
      await refer(job.id, 'failed.log', { state: 'FAILED' });
      await refer(job.id, 'gone.log', { state: 'DELETING' });
      await seed.artifact({ jobId: job.id, path: 'other.log', blobId: other.id, storageKey: other.storageKey });
      const all = await repository.listReferrers(blob.id, 100);
      expect(all.total).toBe(4);
      expect(all.artifacts.map((a) => `${a.jobNumber}/${a.nodeIndex}/${a.path}/${a.state}`)).toEqual(['1/0/failed.log/FAILED', '1/0/z.log/AVAILABLE', '1/1/b.log/AVAILABLE', '2/0/a.log/AVAILABLE']);
      expect(all.artifacts[0]).toMatchObject({ size: 10 });
      const first = await repository.listReferrers(blob.id, 2);
      expect(first).toEqual({ total: 4, artifacts: all.artifacts.slice(0, 2) });
    });

    test('a purge marks the blob and every artifact referring to it DELETING, only when the count is the one confirmed', async () => {
      const { project: p, job } = await project();
      const blob = await blobIn(p.id);
      const other = await blobIn(p.id);
      const a = await seed.artifact({ jobId: job.id, path: 'a', blobId: blob.id, storageKey: blob.storageKey });
      const b = await seed.artifact({ jobId: job.id, path: 'b', blobId: blob.id, storageKey: blob.storageKey, state: 'FAILED' });
      const kept = await seed.artifact({ jobId: job.id, path: 'c', blobId: other.id, storageKey: other.storageKey });
      expect(await repository.purge(blob.id, 1)).toEqual({ purged: false, artifacts: 2 });
      expect((await repository.findById(blob.id))?.state).toBe('AVAILABLE');
      expect((await repository.listReferrers(blob.id, 10)).artifacts.map((r) => r.id)).toEqual([a.id, b.id]);
      expect(await repository.purge(blob.id, 2)).toEqual({ purged: true, artifacts: 2 });
      expect((await repository.findById(blob.id))?.state).toBe('DELETING');
      expect((await repository.listReferrers(blob.id, 10)).total).toBe(0);
      expect(await repository.findStored(p.id, [{ sha256: blob.sha256, size: 10 }])).toEqual([]);
      expect((await repository.listReferrers(other.id, 10)).artifacts.map((r) => r.id)).toEqual([kept.id]);
      expect(await repository.purge('00000000-0000-4000-8000-000000000000', 0)).toBeNull();
    });

    test('a broken blob becomes DELETING and its available artifacts FAILED with the reason, once', async () => {
      const { project: p, job } = await project();
      const blob = await blobIn(p.id);
      await seed.artifact({ jobId: job.id, path: 'a', blobId: blob.id, storageKey: blob.storageKey });
      await seed.artifact({ jobId: job.id, path: 'b', blobId: blob.id, storageKey: blob.storageKey });
      expect(await repository.markBroken(blob.id, 'bytes missing from storage')).toBe(2);
      expect((await repository.findById(blob.id))?.state).toBe('DELETING');
      const referrers = await repository.listReferrers(blob.id, 10);
      expect(referrers.artifacts.map((r) => r.state)).toEqual(['FAILED', 'FAILED']);
      expect(await repository.findStored(p.id, [{ sha256: blob.sha256, size: 10 }])).toEqual([]);
      expect(await repository.markBroken(blob.id, 'again')).toBeNull();
    });

    test('records facts read later, pages available blobs in id order, and sums logical against physical bytes', async () => {
      const { organization, project: p, job } = await project();
      const blob = await seed.blob({ projectId: p.id, sha256: digest(), size: 100, storageKey: `artifacts/blob/${unique()}`, isText: null });
      await repository.saveFacts(blob.id, { sniffedType: 'image/png', isText: false, isElfCore: false });
      expect(await repository.findById(blob.id)).toMatchObject({ sniffedType: 'image/png', isText: false, isElfCore: false, coreFacts: null });
      const coreFacts = {
        architecture: 'x86_64', signal: 11, signalName: 'SIGSEGV', pid: 42, executableName: 'app', arguments: 'app --x', executablePath: '/bin/app',
        threadCount: 2, programCounter: '0x1', stackPointer: '0x2', mappedFiles: [{ path: '/bin/app', start: '0x0', end: '0x10', offset: '0x0' }],
      };
      await repository.saveCoreFacts(blob.id, coreFacts);
      expect((await repository.findById(blob.id))?.coreFacts).toEqual(coreFacts);
      // Three artifacts of one 100-byte blob: 300 logical bytes, 100 physical.
      for (const path of ['a', 'b', 'c']) await seed.artifact({ jobId: job.id, path, size: 100, blobId: blob.id, storageKey: blob.storageKey });
      await seed.artifact({ jobId: job.id, path: 'pending', size: 50, state: 'PENDING' });
      // An available artifact that is no blob (adopted without a digest) holds its own 7 bytes.
      await seed.artifact({ jobId: job.id, path: 'own', size: 7 });
      expect(await repository.storageByProject(organization.id)).toEqual([{ projectId: p.id, logicalBytes: 307, physicalBytes: 107 }]);
      const page = await repository.listAvailable({ limit: 100_000 });
      expect(page.map((b) => b.id)).toContain(blob.id);
      expect([...page.map((b) => b.id)].sort()).toEqual(page.map((b) => b.id));
      expect((await repository.listAvailable({ after: blob.id, limit: 100_000 })).every((b) => b.id > blob.id)).toBe(true);
    });
  });
}
