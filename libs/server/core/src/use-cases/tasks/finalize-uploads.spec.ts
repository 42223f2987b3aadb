import { uploadWorld } from '../uploads/upload-world.spec-helper';
import { finalizeUploads } from './finalize-uploads';
import { completedUpload } from './upload-tasks.spec-helper';

const FIRST = { number: 1, max: 5 };

/** An ELF header with e_type ET_CORE, little-endian, 64 bytes. */
function elfCore(): Buffer {
  const head = Buffer.alloc(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  head.set([4, 0], 16);
  return head;
}

describe('finalizeUploads', () => {
  it('makes verified uploads available with their content type, replacing the earlier artifact at the same path', async () => {
    const world = await uploadWorld();
    const old = await world.seed.artifact({ jobId: world.job.id, path: 'index.html', state: 'AVAILABLE' });
    const page = await completedUpload(world, { path: 'index.html', content: Buffer.from('<!doctype html><p>hi</p>') });
    const outcomes = await finalizeUploads(world.ctx, { artifactIds: [page.id] }, FIRST);
    expect(outcomes).toEqual(new Map([[page.id, 'available']]));
    expect(world.tables.artifacts.find((a) => a.id === page.id)).toMatchObject({ state: 'AVAILABLE', contentType: expect.stringContaining('text/html'), availableAt: world.clock.now() });
    expect(world.tables.artifacts.find((a) => a.id === old.id)!.state).toBe('DELETING');
    expect(world.tasks.enqueued).toEqual([{ name: 'expire-artifacts', payload: {} }]);
  });

  it('reads back bytes nobody hashed, and trusts the SHA-256 computed in flight', async () => {
    const world = await uploadWorld();
    const direct = await completedUpload(world, { path: 'a.txt' });
    const streamed = await completedUpload(world, { path: 'b.txt', computed: true });
    await finalizeUploads(world.ctx, { artifactIds: [direct.id, streamed.id] }, FIRST);
    const wholeReads = world.storage.callsTo('read').filter(([, range]) => range === undefined).map(([key]) => key);
    expect(wholeReads).toEqual([direct.storageKey]);
  });

  it('fails an upload whose object is missing, short or of other bytes, keeping its row and deleting its bytes', async () => {
    const world = await uploadWorld();
    const missing = await completedUpload(world, { path: 'missing.txt', stored: null });
    const short = await completedUpload(world, { path: 'short.txt', content: Buffer.from('0123456789'), stored: Buffer.from('01234') });
    const other = await completedUpload(world, { path: 'other.txt', content: Buffer.from('0123456789'), stored: Buffer.from('abcdefghij') });
    const outcomes = await finalizeUploads(world.ctx, { artifactIds: [missing.id, short.id, other.id] }, FIRST);
    expect([...outcomes.values()]).toEqual(['failed', 'failed', 'failed']);
    const reasons = Object.fromEntries(world.tables.artifacts.map((a) => [a.path, a.failureReason]));
    expect(reasons).toEqual({
      'missing.txt': 'the uploaded object is missing from storage',
      'short.txt': 'size mismatch: declared 10 bytes, stored 5',
      'other.txt': expect.stringMatching(/^sha256 mismatch: declared [0-9a-f]{64}, stored [0-9a-f]{64}$/),
    });
    expect(world.storage.objects.has(other.storageKey)).toBe(false);
  });

  it('lets the newest of a batch\'s uploads of one path win and supersedes the older one', async () => {
    const world = await uploadWorld();
    const first = await completedUpload(world, { path: 'same.txt', createdAt: new Date(world.clock.now().getTime() - 1000) });
    const second = await completedUpload(world, { path: 'same.txt' });
    const outcomes = await finalizeUploads(world.ctx, { artifactIds: [second.id, first.id] }, FIRST);
    expect(outcomes).toEqual(new Map([[second.id, 'available'], [first.id, 'replaced']]));
  });

  it('enqueues core dumps for indexing under an idempotent task id', async () => {
    const world = await uploadWorld();
    const core = await completedUpload(world, { path: 'core.1234', content: elfCore() });
    await finalizeUploads(world.ctx, { artifactIds: [core.id] }, FIRST);
    expect(world.tasks.enqueued).toContainEqual({ name: 'index-core-dump', payload: { artifactId: core.id }, taskId: `core-${core.id}` });
  });

  it('leaves transient storage trouble to a retry (throwing after settling the rest), and fails the upload at the last attempt', async () => {
    const world = await uploadWorld();
    const flaky = await completedUpload(world, { path: 'flaky.txt' });
    const fine = await completedUpload(world, { path: 'fine.txt' });
    const outage = new Error('store unreachable');
    const stat = world.storage.stat.bind(world.storage);
    world.storage.stat = async (key) => {
      if (key === flaky.storageKey) throw outage;
      return stat(key);
    };
    await expect(finalizeUploads(world.ctx, { artifactIds: [flaky.id, fine.id] }, { number: 4, max: 5 })).rejects.toBe(outage);
    expect(world.tables.artifacts.find((a) => a.id === fine.id)!.state).toBe('AVAILABLE');
    expect(world.tables.artifacts.find((a) => a.id === flaky.id)!.state).toBe('PENDING');
    const last = await finalizeUploads(world.ctx, { artifactIds: [flaky.id, fine.id] }, { number: 5, max: 5 });
    expect(last).toEqual(new Map([[flaky.id, 'failed'], [fine.id, 'skipped']]));
    expect(world.tables.artifacts.find((a) => a.id === flaky.id)!.failureReason).toBe('finalization failed after 5 attempts: store unreachable');
  });

  it('skips what is not a completed pending upload, without touching storage', async () => {
    const world = await uploadWorld();
    const available = await world.seed.artifact({ jobId: world.job.id, path: 'done.txt', state: 'AVAILABLE' });
    const notCompleted = await world.seed.artifact({ jobId: world.job.id, path: 'open.txt', state: 'PENDING' });
    const unknown = '99999999-9999-4999-8999-999999999999';
    const outcomes = await finalizeUploads(world.ctx, { artifactIds: [available.id, notCompleted.id, unknown] }, FIRST);
    expect([...outcomes.values()]).toEqual(['skipped', 'skipped', 'skipped']);
    expect(world.storage.calls).toEqual([]);
  });

  it('stores identical bytes once: the first upload becomes the blob, a later one refers to it and its object is deleted', async () => {
    const world = await uploadWorld();
    const content = Buffer.from('the same report\n');
    const first = await completedUpload(world, { path: 'node0/report.txt', content, computed: true });
    await finalizeUploads(world.ctx, { artifactIds: [first.id] }, FIRST);
    const second = await completedUpload(world, { path: 'report.txt', nodeIndex: 1, content, computed: true });
    const third = await completedUpload(world, { path: 'again.txt', nodeIndex: 2, content, computed: true });
    expect(await finalizeUploads(world.ctx, { artifactIds: [second.id, third.id] }, FIRST)).toEqual(new Map([[second.id, 'available'], [third.id, 'available']]));
    expect(world.tables.blobs).toHaveLength(1);
    const [blob] = world.tables.blobs;
    expect(blob).toMatchObject({ storageKey: first.storageKey, size: content.length, isText: true, isElfCore: false });
    for (const upload of [first, second, third]) expect(world.tables.artifacts.find((a) => a.id === upload.id)).toMatchObject({ blobId: blob!.id, storageKey: first.storageKey, state: 'AVAILABLE' });
    // Only the blob's object is left, and no orphan waits for the sweep.
    expect([...world.storage.objects.keys()]).toEqual([first.storageKey]);
    expect(world.tables.orphanedObjects).toEqual([]);
  });

  it('keeps an orphaned object for the sweep when deleting it fails, and publishes all the same', async () => {
    const world = await uploadWorld();
    const content = Buffer.from('twice');
    const first = await completedUpload(world, { path: 'a.txt', content, computed: true });
    const second = await completedUpload(world, { path: 'b.txt', content, computed: true });
    world.storage.deleteMany = async () => {
      throw new Error('store unreachable');
    };
    expect([...(await finalizeUploads(world.ctx, { artifactIds: [first.id, second.id] }, FIRST)).values()]).toEqual(['available', 'available']);
    expect(world.tables.orphanedObjects.map((o) => o.storageKey)).toHaveLength(1);
    expect(world.warnings.map((w) => w.message)).toContain('orphaned objects left to the next sweep');
  });
});
