import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { QueueName } from '@stowage/contracts';
import { ManualClock, type ByteRange, type StorageDriver } from '@stowage/domain';
import { createLogger } from '@stowage/server-config';
import { finalizeUploads, storageKeyFor } from '@stowage/server-core';
import { createTestPlatform, type TestPlatform } from '@stowage/testing';
import { seedWorld, testAppConfig, testEnvironment, type TestWorld } from '@stowage/testing';

const NOW = new Date('2026-03-01T12:00:00Z');
const FIRST = { number: 1, max: 5 };
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** An ELF header with e_type ET_CORE, little-endian, 64 bytes. */
function elfCore(): Buffer {
  const head = Buffer.alloc(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  head.set([4, 0], 16);
  return head;
}

/** The real filesystem driver, with its reads recorded and stat replaceable, to see what the finalizer asks of storage. */
function observed(inner: StorageDriver) {
  const driver = Object.create(inner) as StorageDriver;
  const reads: Array<[string, ByteRange | undefined]> = [];
  const deleted: string[][] = [];
  driver.read = (key, range) => (reads.push([key, range]), inner.read(key, range));
  driver.deleteMany = (keys) => (deleted.push(keys), inner.deleteMany(keys));
  return { driver, reads, deleted };
}

/**
 * The finalizer on the real PostgreSQL, filesystem storage and Redis: a batch of completed uploads
 * is verified object by object, then published in one transaction.
 */
describe('the finalize-uploads task', () => {
  let platform: TestPlatform;
  let world: TestWorld;
  const clock = new ManualClock(NOW);
  let jobNumber = 0;

  beforeAll(async () => {
    platform = createTestPlatform(testAppConfig(testEnvironment({ storage: 'filesystem' })), createLogger({ LOG_LEVEL: 'silent' }, 'test'), { clock });
    world = await seedWorld(platform);
  });
  afterAll(async () => {
    await platform.close();
  });

  function finalizer(storage: StorageDriver = platform.context.storage) {
    return { finalize: (artifactIds: string[], attempt: { number: number; max: number }) => finalizeUploads({ ...platform.context, storage, clock }, { artifactIds }, attempt) };
  }

  async function newJob() {
    return platform.context.jobs.upsert(world.projects.private.id, 5000 + ++jobNumber, {}, platform.context.clock.now());
  }

  /** Artifact rows (completed and pending unless said otherwise) with `stored` bytes behind them. */
  async function artifacts(
    jobId: string,
    specs: Array<{ path: string; content?: Buffer; stored?: Buffer | null; nodeIndex?: number; state?: 'PENDING' | 'AVAILABLE'; completed?: boolean; computedSha256?: string; createdAt?: Date }>,
  ) {
    const project = world.projects.private;
    const rows = specs.map((spec, i) => {
      const id = crypto.randomUUID();
      const content = spec.content ?? Buffer.from(`content of ${spec.path}\n`);
      return { id, spec, content, key: storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId, artifactId: id }), createdAt: spec.createdAt ?? new Date(NOW.getTime() - 60_000 + i) };
    });
    for (const row of rows) {
      const stored = row.spec.stored === undefined ? row.content : row.spec.stored;
      if (stored) await platform.context.storage.put(row.key, Readable.from([stored]));
    }
    await platform.db.artifact.createMany({
      data: rows.map(({ id, spec, content, key, createdAt }) => ({
        id, jobId, nodeIndex: spec.nodeIndex ?? 0, path: spec.path, size: BigInt(content.length), sha256: sha256(content), fileMode: 0o644,
        storageKey: key, state: spec.state ?? 'PENDING', partSize: BigInt(Math.max(1, content.length)), createdAt,
        completedAt: spec.completed === false ? null : createdAt, computedSha256: spec.computedSha256 ?? null,
        availableAt: spec.state === 'AVAILABLE' ? createdAt : null, expiresAt: new Date(NOW.getTime() + 30 * 86_400_000),
      })),
    });
    return rows;
  }

  const row = (id: string) => platform.db.artifact.findUniqueOrThrow({ where: { id } });
  const exists = async (key: string) => (await platform.context.storage.stat(key)) !== null;
  const waitingTasks = async (queue: QueueName, name: string) =>
    (await platform.context.tasks.queue(queue).getJobs(['waiting', 'delayed', 'prioritized'])).filter((task) => task.name === name);

  it('makes a batch of verified uploads available, each with its sniffed content type and SHA-256, in one call', async () => {
    const job = await newJob();
    const rows = await artifacts(job.id, [
      { path: 'logs/output.txt' },
      { path: 'reports/index.html', content: Buffer.from('<!doctype html><title>x</title>') },
      { path: 'data.json', content: Buffer.from('{"ok":true}') },
    ]);
    const outcomes = await finalizer().finalize(rows.map((r) => r.id), FIRST);
    expect([...outcomes.values()]).toEqual(['available', 'available', 'available']);
    expect(await row(rows[0].id)).toMatchObject({ state: 'AVAILABLE', availableAt: NOW, contentType: 'text/plain; charset=utf-8', computedSha256: sha256(rows[0].content), failureReason: null });
    expect((await row(rows[1].id)).contentType).toMatch(/^text\/html/);
    expect((await row(rows[2].id)).contentType).toBe('application/json');
  });

  it('marks an earlier available artifact at the same node and path DELETING, leaves other nodes and paths alone, and asks for a sweep', async () => {
    const job = await newJob();
    const [older, otherNode, otherPath] = await artifacts(job.id, [
      { path: 'logs/output.txt', state: 'AVAILABLE' },
      { path: 'logs/output.txt', nodeIndex: 1, state: 'AVAILABLE' },
      { path: 'logs/other.txt', state: 'AVAILABLE' },
    ]);
    const [replacement] = await artifacts(job.id, [{ path: 'logs/output.txt', content: Buffer.from('the new log\n') }]);
    await platform.context.tasks.queue(QueueName.Maintenance).drain();

    expect((await finalizer().finalize([replacement.id], FIRST)).get(replacement.id)).toBe('available');

    expect((await row(older.id)).state).toBe('DELETING');
    expect((await row(otherNode.id)).state).toBe('AVAILABLE');
    expect((await row(otherPath.id)).state).toBe('AVAILABLE');
    expect((await row(replacement.id)).state).toBe('AVAILABLE');
    expect(await waitingTasks(QueueName.Maintenance, 'expire-artifacts')).toHaveLength(1);
  });

  it('publishes only the newest of two uploads of one path in a batch; the older is replaced, never shown', async () => {
    const job = await newJob();
    const [first, second] = await artifacts(job.id, [
      { path: 'twice.txt', content: Buffer.from('first\n'), createdAt: new Date(NOW.getTime() - 2000) },
      { path: 'twice.txt', content: Buffer.from('second\n'), createdAt: new Date(NOW.getTime() - 1000) },
    ]);
    const outcomes = await finalizer().finalize([second.id, first.id], FIRST);
    expect(Object.fromEntries(outcomes)).toEqual({ [first.id]: 'replaced', [second.id]: 'available' });
    expect((await row(first.id)).state).toBe('DELETING');
    expect((await platform.context.artifacts.listAvailable(job.id, platform.context.clock.now(), { limit: 1000 })).map((artifact) => artifact.path)).toEqual(['twice.txt']);
  });

  it('hands an ELF core dump to the core-dump indexer under an idempotent task id', async () => {
    const job = await newJob();
    const [core, plain] = await artifacts(job.id, [{ path: 'core.1234', content: elfCore() }, { path: 'notes.txt' }]);
    await finalizer().finalize([core.id, plain.id], FIRST);
    const tasks = await waitingTasks(QueueName.CoreDumps, 'index-core-dump');
    expect(tasks.filter((queued) => queued.id === `core-${core.id}`).map((queued) => queued.data)).toEqual([{ artifactId: core.id }]);
    expect(tasks.some((queued) => queued.data.artifactId === plain.id)).toBe(false);
  });

  it('fails a size mismatch at once, on the first attempt, without reading, and deletes its object; the rest of the batch is published', async () => {
    const job = await newJob();
    const content = Buffer.from('hello from the build\n');
    const [short, fine] = await artifacts(job.id, [{ path: 'short.txt', content, stored: content.subarray(1) }, { path: 'fine.txt', computedSha256: undefined }]);
    const storage = observed(platform.context.storage);
    const outcomes = await finalizer(storage.driver).finalize([short.id, fine.id], FIRST);
    expect(Object.fromEntries(outcomes)).toEqual({ [short.id]: 'failed', [fine.id]: 'available' });
    expect(await row(short.id)).toMatchObject({ state: 'FAILED', failureReason: `size mismatch: declared ${content.length} bytes, stored ${content.length - 1}` });
    expect(storage.reads.filter(([key]) => key === short.key)).toEqual([]);
    expect(storage.deleted).toEqual([[short.key]]);
    expect(await exists(short.key)).toBe(false);
  });

  it('fails a SHA-256 mismatch with a reason naming sha256 and both digests', async () => {
    const job = await newJob();
    const content = Buffer.from('hello from the build\n');
    const tampered = Buffer.from(content);
    tampered[0] ^= 1;
    const [artifact] = await artifacts(job.id, [{ path: 'tampered.txt', content, stored: tampered }]);
    expect((await finalizer().finalize([artifact.id], FIRST)).get(artifact.id)).toBe('failed');
    expect((await row(artifact.id)).failureReason).toBe(`sha256 mismatch: declared ${sha256(content)}, stored ${sha256(tampered)}`);
  });

  it('trusts the SHA-256 computed in flight: a wrong one fails without reading the object back, a right one reads only the sniffing window', async () => {
    const job = await newJob();
    const content = Buffer.from('hello from the build\n');
    const [wrong, right] = await artifacts(job.id, [
      { path: 'wrong.txt', content, computedSha256: 'f'.repeat(64) },
      { path: 'right.txt', content, computedSha256: sha256(content) },
    ]);
    const storage = observed(platform.context.storage);
    await finalizer(storage.driver).finalize([wrong.id, right.id], FIRST);
    expect((await row(wrong.id)).failureReason).toBe(`sha256 mismatch: declared ${sha256(content)}, stored ${'f'.repeat(64)}`);
    expect((await row(right.id)).state).toBe('AVAILABLE');
    expect(storage.reads).toEqual([[right.key, { start: 0, end: content.length - 1 }]]);
  });

  it('fails at once when the object is missing from storage', async () => {
    const job = await newJob();
    const [artifact] = await artifacts(job.id, [{ path: 'gone.txt', stored: null }]);
    expect((await finalizer().finalize([artifact.id], FIRST)).get(artifact.id)).toBe('failed');
    expect((await row(artifact.id)).failureReason).toBe('the uploaded object is missing from storage');
  });

  it('rethrows a transient storage error before the last attempt, leaving that artifact pending and publishing the rest; the retry finishes it', async () => {
    const job = await newJob();
    const [flaky, fine] = await artifacts(job.id, [{ path: 'flaky.txt' }, { path: 'fine.txt' }]);
    const storage = observed(platform.context.storage);
    const outage = new Error('connect ETIMEDOUT');
    storage.driver.stat = async (key) => {
      if (key === flaky.key) throw outage;
      return platform.context.storage.stat(key);
    };
    await expect(finalizer(storage.driver).finalize([flaky.id, fine.id], { number: 4, max: 5 })).rejects.toBe(outage);
    expect((await row(flaky.id)).state).toBe('PENDING');
    expect((await row(fine.id)).state).toBe('AVAILABLE');
    expect(await exists(flaky.key)).toBe(true);

    const retry = await finalizer().finalize([flaky.id, fine.id], { number: 5, max: 5 });
    expect(Object.fromEntries(retry)).toEqual({ [flaky.id]: 'available', [fine.id]: 'skipped' });
  });

  it('marks an artifact FAILED after a transient error on the last attempt, saying how many attempts were made', async () => {
    const job = await newJob();
    const [artifact] = await artifacts(job.id, [{ path: 'flaky.txt' }]);
    const storage = observed(platform.context.storage);
    storage.driver.stat = async () => {
      throw new Error('connect ETIMEDOUT');
    };
    expect((await finalizer(storage.driver).finalize([artifact.id], { number: 5, max: 5 })).get(artifact.id)).toBe('failed');
    expect(await row(artifact.id)).toMatchObject({ state: 'FAILED', failureReason: 'finalization failed after 5 attempts: connect ETIMEDOUT' });
  });

  it('skips artifacts that are available, failed, deleting, not yet completed or unknown, touching neither storage nor rows', async () => {
    const job = await newJob();
    const [available, notCompleted] = await artifacts(job.id, [{ path: 'a.txt', state: 'AVAILABLE' }, { path: 'b.txt', completed: false }]);
    const [failed, deleting] = await artifacts(job.id, [{ path: 'c.txt' }, { path: 'd.txt' }]);
    await platform.db.artifact.update({ where: { id: failed.id }, data: { state: 'FAILED', failureReason: 'earlier' } });
    await platform.db.artifact.update({ where: { id: deleting.id }, data: { state: 'DELETING' } });
    const unknown = crypto.randomUUID();
    const storage = observed(platform.context.storage);
    let stats = 0;
    storage.driver.stat = (key) => (stats++, platform.context.storage.stat(key));
    const before = await platform.db.artifact.findMany({ where: { jobId: job.id }, orderBy: { path: 'asc' } });

    const outcomes = await finalizer(storage.driver).finalize([available.id, notCompleted.id, failed.id, deleting.id, unknown], FIRST);

    expect([...outcomes.values()]).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(stats + storage.reads.length + storage.deleted.length).toBe(0);
    expect(await platform.db.artifact.findMany({ where: { jobId: job.id }, orderBy: { path: 'asc' } })).toEqual(before);
  });

  it('is idempotent, also when two runs of one batch race: every artifact ends available once, and the second run writes nothing', async () => {
    const job = await newJob();
    const rows = await artifacts(job.id, Array.from({ length: 40 }, (_, i) => ({ path: `out/${i}.txt` })));
    const ids = rows.map((r) => r.id);
    const [a, b] = await Promise.all([finalizer().finalize(ids, FIRST), finalizer().finalize(ids, FIRST)]);
    for (const id of ids) expect([a.get(id), b.get(id)].sort()).toEqual(['available', 'skipped']);
    const after = await platform.db.artifact.findMany({ where: { jobId: job.id } });
    expect(after.every((artifact) => artifact.state === 'AVAILABLE')).toBe(true);

    const again = await finalizer().finalize(ids, FIRST);
    expect([...again.values()].every((outcome) => outcome === 'skipped')).toBe(true);
    expect(await platform.db.artifact.findMany({ where: { jobId: job.id } })).toEqual(after);
  });

  it('keeps the object when the artifact stopped being pending before it could be failed (an admin deleted it meanwhile)', async () => {
    const job = await newJob();
    const content = Buffer.from('hello\n');
    const [artifact] = await artifacts(job.id, [{ path: 'deleted-meanwhile.txt', content, stored: content.subarray(1) }]);
    const storage = observed(platform.context.storage);
    storage.driver.stat = async (key) => {
      await platform.db.artifact.update({ where: { id: artifact.id }, data: { state: 'DELETING' } });
      return platform.context.storage.stat(key);
    };
    expect((await finalizer(storage.driver).finalize([artifact.id], FIRST)).get(artifact.id)).toBe('skipped');
    expect((await row(artifact.id)).state).toBe('DELETING');
    expect(storage.deleted).toEqual([]);
  });
});
