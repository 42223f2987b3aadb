import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { InMemoryBlobRepository, InMemoryDatabase, InMemoryRecordSeeder } from '@stowage/server-db/fakes';
import { InMemoryStorageDriver } from '@stowage/server-storage/fakes';
import { verifyStorage } from './verify-storage';

const sha256 = (bytes: string) => crypto.createHash('sha256').update(bytes).digest('hex');

/** One project with a blob per case, each referred to by an available artifact; the store holds what `stored` says. */
async function store(stored: Record<string, string | null>) {
  const tables = new InMemoryDatabase();
  const seed = new InMemoryRecordSeeder(tables);
  const storage = new InMemoryStorageDriver();
  const organization = await seed.organization({ slug: 'acme', name: 'Acme' });
  const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app' });
  const job = await seed.job({ projectId: project.id, number: 1 });
  const blobs: Record<string, { id: string; artifactId: string }> = {};
  for (const [name, bytes] of Object.entries(stored)) {
    const original = `${name} bytes`;
    const blob = await seed.blob({ projectId: project.id, sha256: sha256(original), size: original.length, storageKey: `artifacts/${name}` });
    const artifact = await seed.artifact({ jobId: job.id, path: `${name}.txt`, size: original.length, blobId: blob.id, storageKey: blob.storageKey });
    if (bytes !== null) await storage.put(blob.storageKey, Readable.from([Buffer.from(bytes)]));
    blobs[name] = { id: blob.id, artifactId: artifact.id };
  }
  const ctx = { blobs: new InMemoryBlobRepository(tables), storage };
  return { tables, ctx, blobs };
}

describe('verifyStorage', () => {
  test('reports a missing object and one of the wrong size, failing their artifacts with the reason and making the blobs unclaimable', async () => {
    const w = await store({ good: 'good bytes', gone: null, short: 'shor' });
    const report = await verifyStorage(w.ctx);
    expect(report).toMatchObject({ deep: false, checkedBlobs: 3, checkedBytes: 'good bytes'.length + 'gone bytes'.length + 'short bytes'.length });
    expect(report.broken.map((b) => [b.blobId, b.problem, b.found, b.failedArtifacts])).toEqual(
      expect.arrayContaining([
        [w.blobs.gone.id, 'missing', undefined, 1],
        [w.blobs.short.id, 'size-mismatch', { size: 4 }, 1],
      ]),
    );
    expect(report.broken).toHaveLength(2);
    const artifact = (name: string) => w.tables.artifacts.find((a) => a.id === w.blobs[name].artifactId)!;
    expect(artifact('gone')).toMatchObject({ state: 'FAILED', failureReason: expect.stringContaining('missing from storage') });
    expect(artifact('short')).toMatchObject({ state: 'FAILED', failureReason: expect.stringContaining('wrong size') });
    expect(artifact('good').state).toBe('AVAILABLE');
    expect(w.tables.blobs.filter((b) => b.state === 'AVAILABLE').map((b) => b.id)).toEqual([w.blobs.good.id]);
    // Nothing is reported twice: the broken blobs are no longer AVAILABLE.
    expect((await verifyStorage(w.ctx)).broken).toEqual([]);
  });

  test('finds corrupt bytes of the right size only when deep', async () => {
    const w = await store({ flipped: 'flipped bytex' });
    expect((await verifyStorage(w.ctx)).broken).toEqual([]);
    const report = await verifyStorage(w.ctx, { deep: true });
    expect(report.broken).toEqual([expect.objectContaining({ blobId: w.blobs.flipped.id, problem: 'digest-mismatch', found: { sha256: sha256('flipped bytex') }, failedArtifacts: 1 })]);
    expect(w.tables.artifacts[0]).toMatchObject({ state: 'FAILED', failureReason: expect.stringContaining('do not match their SHA-256') });
  });

  test('a store that cannot be reached fails the run and marks nothing', async () => {
    const w = await store({ fine: 'fine bytes' });
    w.ctx.storage.stat = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    await expect(verifyStorage(w.ctx)).rejects.toThrow('ECONNREFUSED');
    expect(w.tables.artifacts[0].state).toBe('AVAILABLE');
  });
});
