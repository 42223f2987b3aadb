import crypto from 'node:crypto';
import { ManualClock } from '@stowage/domain';
import type { Db } from '@stowage/server-db';
import type { JobQueue } from '@stowage/server-queue';
import { FakeQueue, FakeStorage } from '../fake-storage.spec-helper';
import { FinalizeUploadService } from './finalize-upload.service';

const NOW = new Date('2026-03-01T12:00:00Z');
const JOB = '22222222-2222-4222-8222-222222222222';
const ID = '33333333-3333-4333-8333-333333333333';
const OLDER = '44444444-4444-4444-8444-444444444444';
const KEY = `artifacts/org/project/${JOB}/${ID}`;
const CONTENT = Buffer.from('hello from the build\n');
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

interface Row {
  id: string;
  jobId: string;
  nodeIndex: number;
  path: string;
  size: bigint;
  sha256: string;
  computedSha256: string | null;
  contentType: string | null;
  storageKey: string;
  state: 'PENDING' | 'AVAILABLE' | 'FAILED' | 'DELETING';
  failureReason: string | null;
  completedAt: Date | null;
  availableAt: Date | null;
}

type Where = Record<string, unknown>;
const matches = (row: Row, where: Where) =>
  Object.entries(where).every(([field, condition]) =>
    condition !== null && typeof condition === 'object' && 'not' in condition
      ? row[field as keyof Row] !== (condition as { not: unknown }).not
      : row[field as keyof Row] === condition,
  );

/** The Prisma calls the finalizer makes, over rows in memory; the transaction runs its callback on the same fake. */
function fakeDb(rows: Row[]) {
  const writes: Array<{ method: string; where: Where; data: Partial<Row> }> = [];
  const locks: unknown[] = [];
  /** Every call in order, to check what happens inside the transaction and when. */
  const log: string[] = [];
  const hooks: { beforeTransaction?: () => void } = {};
  const db = {
    artifact: {
      findUnique: async ({ where }: { where: { id: string } }) => {
        log.push('findUnique');
        const row = rows.find((r) => r.id === where.id);
        return row ? { ...row } : null;
      },
      updateMany: async ({ where, data }: { where: Where; data: Partial<Row> }) => {
        log.push('updateMany');
        writes.push({ method: 'updateMany', where, data });
        const hit = rows.filter((row) => matches(row, where));
        for (const row of hit) Object.assign(row, data);
        return { count: hit.length };
      },
      update: async ({ where, data }: { where: { id: string }; data: Partial<Row> }) => {
        log.push('update');
        writes.push({ method: 'update', where, data });
        const row = rows.find((r) => r.id === where.id);
        if (!row) throw new Error(`no artifact ${where.id}`);
        return Object.assign(row, data);
      },
    },
    $executeRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => {
      log.push('lock');
      locks.push({ sql: strings.join('?'), values });
      return 1;
    },
    $transaction: async (callback: (tx: unknown) => Promise<unknown>) => {
      hooks.beforeTransaction?.();
      log.push('begin');
      const result = await callback(db);
      log.push('commit');
      return result;
    },
  };
  return { db: db as unknown as Db, writes, locks, log, hooks };
}

function pendingRow(fields: Partial<Row> = {}): Row {
  return {
    id: ID,
    jobId: JOB,
    nodeIndex: 0,
    path: 'logs/output.txt',
    size: BigInt(CONTENT.length),
    sha256: sha256(CONTENT),
    computedSha256: null,
    contentType: null,
    storageKey: KEY,
    state: 'PENDING',
    failureReason: null,
    completedAt: new Date(NOW.getTime() - 5000),
    availableAt: null,
    ...fields,
  };
}

function setup(options: { row?: Partial<Row>; stored?: Uint8Array | null; others?: Row[] } = {}) {
  const rows = [pendingRow(options.row), ...(options.others ?? [])];
  const { db, writes, locks, log, hooks } = fakeDb(rows);
  const storage = new FakeStorage(true, 64 * 1024 * 1024);
  const stored = options.stored === undefined ? CONTENT : options.stored;
  if (stored) storage.objects.set(KEY, stored);
  const queue = new FakeQueue();
  const clock = new ManualClock(NOW);
  const finalizer = new FinalizeUploadService(db, storage, queue as unknown as JobQueue, clock);
  const row = (id = ID) => rows.find((r) => r.id === id)!;
  return { finalizer, storage, queue, clock, writes, locks, log, hooks, row };
}

const FIRST = { number: 1, max: 5 };

/** An ELF header with e_type ET_CORE, little-endian, 64 bytes. */
function elfCore(): Uint8Array {
  const head = new Uint8Array(64);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  head.set([4, 0], 16);
  return head;
}

describe('FinalizeUploadService.finalize', () => {
  it('makes a verified upload available with its sniffed content type and SHA-256', async () => {
    const { finalizer, row, queue } = setup();
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');
    expect(row()).toMatchObject({
      state: 'AVAILABLE',
      availableAt: NOW,
      contentType: 'text/plain; charset=utf-8',
      computedSha256: sha256(CONTENT),
      failureReason: null,
    });
    expect(queue.enqueued).toEqual([]);
  });

  it('takes one lock covering the job inside the transaction, then re-checks the state before writing', async () => {
    const { finalizer, locks, log } = setup();
    await finalizer.finalize(ID, FIRST);
    expect(locks).toHaveLength(1);
    expect(JSON.stringify((locks[0] as { values: unknown[] }).values)).toContain(JOB);
    expect(log.slice(log.indexOf('begin'))).toEqual(['begin', 'lock', 'findUnique', 'updateMany', 'update', 'commit']);
  });

  it('marks an earlier available artifact at the same node and path DELETING, leaving others, and asks for a sweep', async () => {
    const older = pendingRow({ id: OLDER, state: 'AVAILABLE', storageKey: 'k-older' });
    const otherNode = pendingRow({ id: 'other-node', nodeIndex: 1, state: 'AVAILABLE', storageKey: 'k-node' });
    const otherPath = pendingRow({ id: 'other-path', path: 'logs/other.txt', state: 'AVAILABLE', storageKey: 'k-path' });
    const { finalizer, row, queue } = setup({ others: [older, otherNode, otherPath] });

    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');

    expect(row(OLDER).state).toBe('DELETING');
    expect(row('other-node').state).toBe('AVAILABLE');
    expect(row('other-path').state).toBe('AVAILABLE');
    expect(queue.enqueued).toEqual([{ name: 'expire-artifacts', payload: {} }]);
  });

  it('still makes the artifact available when the sweep cannot be enqueued', async () => {
    const older = pendingRow({ id: OLDER, state: 'AVAILABLE', storageKey: 'k-older' });
    const { finalizer, row, queue } = setup({ others: [older] });
    queue.failWith = new Error('Redis is down');
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');
    expect(row().state).toBe('AVAILABLE');
  });

  it('hands an ELF core dump to the core-dump indexer under an idempotent job id', async () => {
    const core = elfCore();
    const { finalizer, queue } = setup({ row: { path: 'core.1234', size: BigInt(core.length), sha256: sha256(core) }, stored: core });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');
    expect(queue.enqueued).toEqual([{ name: 'index-core-dump', payload: { artifactId: ID }, jobId: `core-${ID}` }]);
  });

  it('fails a size mismatch at once, even on the first attempt, without hashing, and deletes the object', async () => {
    const { finalizer, row, storage } = setup({ stored: CONTENT.subarray(1) });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('failed');
    expect(row()).toMatchObject({
      state: 'FAILED',
      failureReason: `size mismatch: declared ${CONTENT.length} bytes, stored ${CONTENT.length - 1}`,
    });
    expect(storage.callsTo('read')).toEqual([]);
    expect(storage.callsTo('deleteMany')).toEqual([[[KEY]]]);
    expect(storage.objects.has(KEY)).toBe(false);
  });

  it('fails a SHA-256 mismatch at once with a reason naming sha256 and both digests', async () => {
    const tampered = Buffer.from(CONTENT);
    tampered[0] ^= 1;
    const { finalizer, row } = setup({ stored: tampered });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('failed');
    expect(row().state).toBe('FAILED');
    expect(row().failureReason).toBe(`sha256 mismatch: declared ${sha256(CONTENT)}, stored ${sha256(tampered)}`);
  });

  it('uses the SHA-256 computed in flight instead of reading the whole object back', async () => {
    const { finalizer, row, storage } = setup({ row: { computedSha256: 'f'.repeat(64) } });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('failed');
    expect(row().failureReason).toBe(`sha256 mismatch: declared ${sha256(CONTENT)}, stored ${'f'.repeat(64)}`);
    expect(storage.callsTo('read')).toEqual([]);
  });

  it('reads only the sniffing window by range once the in-flight hash matches', async () => {
    const { finalizer, storage } = setup({ row: { computedSha256: sha256(CONTENT) } });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');
    expect(storage.callsTo('read')).toEqual([[KEY, { start: 0, end: CONTENT.length - 1 }]]);
  });

  it('fails at once when the object is missing from storage', async () => {
    const { finalizer, row } = setup({ stored: null });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('failed');
    expect(row().failureReason).toBe('the uploaded object is missing from storage');
  });

  it('rethrows a transient storage error before the last attempt and leaves the artifact pending', async () => {
    const { finalizer, row, storage, writes } = setup();
    const outage = new Error('connect ETIMEDOUT');
    storage.stat = async () => {
      throw outage;
    };
    await expect(finalizer.finalize(ID, { number: 4, max: 5 })).rejects.toBe(outage);
    expect(row().state).toBe('PENDING');
    expect(writes).toEqual([]);
    expect(storage.callsTo('deleteMany')).toEqual([]);
  });

  it('marks the artifact FAILED after a transient error on the last attempt, saying how many attempts were made', async () => {
    const { finalizer, row, storage } = setup();
    storage.stat = async () => {
      throw new Error('connect ETIMEDOUT');
    };
    await expect(finalizer.finalize(ID, { number: 5, max: 5 })).resolves.toBe('failed');
    expect(row()).toMatchObject({ state: 'FAILED', failureReason: 'finalization failed after 5 attempts: connect ETIMEDOUT' });
  });

  it.each([
    ['available', { state: 'AVAILABLE' as const }],
    ['failed', { state: 'FAILED' as const }],
    ['deleting', { state: 'DELETING' as const }],
    ['not yet completed', { completedAt: null }],
  ])('skips an artifact that is %s, touching neither storage nor rows', async (_label, fields) => {
    const { finalizer, storage, writes, queue } = setup({ row: fields });
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('skipped');
    expect(storage.calls).toEqual([]);
    expect(writes).toEqual([]);
    expect(queue.enqueued).toEqual([]);
  });

  it('skips an unknown artifact', async () => {
    const { finalizer } = setup();
    await expect(finalizer.finalize('55555555-5555-4555-8555-555555555555', FIRST)).resolves.toBe('skipped');
  });

  it('is idempotent: a second run skips and writes nothing more', async () => {
    const { finalizer, writes, queue } = setup();
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('available');
    const writesAfterFirst = writes.length;
    const enqueuedAfterFirst = queue.enqueued.length;
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('skipped');
    expect(writes).toHaveLength(writesAfterFirst);
    expect(queue.enqueued).toHaveLength(enqueuedAfterFirst);
  });

  it('skips without writing when another run finished the artifact while this one verified it', async () => {
    const { finalizer, hooks, row, writes } = setup();
    hooks.beforeTransaction = () => {
      row().state = 'AVAILABLE';
    };
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('skipped');
    expect(writes).toEqual([]);
  });

  it('keeps the object when the artifact stopped being pending before it could be failed', async () => {
    const { finalizer, storage, row } = setup();
    storage.stat = async () => {
      row().state = 'DELETING'; // deleted by an admin meanwhile
      return { size: 1, lastModified: NOW };
    };
    await expect(finalizer.finalize(ID, FIRST)).resolves.toBe('failed');
    expect(row().state).toBe('DELETING');
    expect(storage.callsTo('deleteMany')).toEqual([]);
  });
});
