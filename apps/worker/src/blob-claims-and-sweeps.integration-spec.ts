import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import type { Principal } from '@stowage/domain';
import { createLogger } from '@stowage/server-config';
import { createUploads, sweepUnreferencedBlobs, type PlatformLogger } from '@stowage/server-core';
import { startS3Server, type TestS3Server } from '@stowage/testing-s3';
import { createTestPlatform, seedWorld, testAppConfig, testEnvironment, type TestPlatform, type TestStorage, type TestWorld } from '@stowage/testing';

/**
 * The claim/sweep protocol (libs/server/db/src/repositories/blob.repository.ts) against the real
 * PostgreSQL and both stores: a claim either wins (the blob and its object stay) or misses (the
 * agent is told to send the bytes); never an available artifact whose bytes are gone.
 */
const RACES = 200;
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Resolves when `method` of `target` is called, and holds that call until released. */
function pauseBefore<T extends object, K extends keyof T>(target: T, method: K) {
  let reached!: () => void;
  let release!: () => void;
  const atPause = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  const paused = Object.create(target) as T;
  (paused as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    reached();
    await released;
    return original.apply(target, args);
  };
  return { paused, atPause, release };
}

describe.each<TestStorage>(['filesystem', 's3'])('claims racing the blob sweep on %s storage', (storage) => {
  let s3: TestS3Server | undefined;
  let platform: TestPlatform;
  let world: TestWorld;
  let member: Principal;
  let jobNumber = 0;

  beforeAll(async () => {
    s3 = storage === 's3' ? await startS3Server() : undefined;
    platform = createTestPlatform(testAppConfig(testEnvironment({ storage, s3 })), createLogger({ LOG_LEVEL: 'silent' }, 'test') as PlatformLogger);
    world = await seedWorld(platform);
    member = { kind: 'user', userId: world.users.member.id };
  });
  afterAll(async () => {
    await platform.close();
    await s3?.stop();
  });

  /** A blob whose last artifact is gone: what the sweep is about to delete, and a claim may still want. */
  async function unreferencedBlob() {
    const project = world.projects.private;
    const bytes = crypto.randomBytes(64);
    const storageKey = `artifacts/${project.organizationId}/${project.id}/race/${crypto.randomUUID()}`;
    await platform.context.storage.put(storageKey, Readable.from([bytes]));
    const blob = await platform.db.blob.create({ data: { projectId: project.id, sha256: sha256(bytes), size: BigInt(bytes.length), storageKey, isText: false } });
    return { blob, bytes };
  }

  const declare = (bytes: Buffer, ctx = platform.context) =>
    createUploads(ctx, member, {
      project: { vcsType: 'github', organization: world.organization.slug, project: world.projects.private.name },
      jobNumber: ++jobNumber,
      nodeIndex: 0,
      files: [{ path: 'report.bin', size: bytes.length, sha256: sha256(bytes), fileMode: 0o644 }],
    });

  async function readAll(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await platform.context.storage.read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** What must hold whoever won: a claimed artifact's blob is available and its bytes are all there. */
  async function expectOutcomeConsistent(upload: Awaited<ReturnType<typeof declare>>['uploads'][number], blobId: string, bytes: Buffer) {
    const blob = await platform.db.blob.findUnique({ where: { id: blobId } });
    if (upload.stored) {
      expect(upload.parts).toEqual([]);
      expect(blob?.state).toBe('AVAILABLE');
      const artifact = await platform.db.artifact.findUniqueOrThrow({ where: { id: upload.artifactId } });
      expect(artifact).toMatchObject({ state: 'AVAILABLE', blobId, storageKey: blob!.storageKey });
      expect(await readAll(blob!.storageKey)).toEqual(bytes);
    } else {
      expect(upload.parts.length).toBeGreaterThan(0);
      expect(blob === null || blob.state === 'DELETING').toBe(true);
      expect(await platform.db.artifact.count({ where: { blobId, state: 'AVAILABLE' } })).toBe(0);
    }
  }

  it(`${RACES} claims started together with a sweep of their blob: each wins or misses, never a reference to deleted bytes`, async () => {
    const outcomes = { won: 0, missed: 0 };
    for (let i = 0; i < RACES; i++) {
      const { blob, bytes } = await unreferencedBlob();
      // The claim does more work before it reaches the blob than the sweep does: the sweep starts
      // 0–15 ms later, spread over the races, so it lands before, inside and after the claim's transaction.
      const sweep = new Promise((resolve) => setTimeout(resolve, (i * 7) % 16)).then(() => sweepUnreferencedBlobs(platform.context, [blob.id]));
      const [response] = await Promise.all([declare(bytes), sweep]);
      const upload = response.uploads[0]!;
      await expectOutcomeConsistent(upload, blob.id, bytes);
      outcomes[upload.stored ? 'won' : 'missed']++;
    }
    expect(outcomes.won + outcomes.missed).toBe(RACES);
    // And across every race: no available artifact refers to a blob being deleted.
    expect(await platform.db.artifact.count({ where: { state: 'AVAILABLE', blob: { state: 'DELETING' } } })).toBe(0);
    process.stdout.write(`claim/sweep races on ${storage}: ${outcomes.won} claims won, ${outcomes.missed} missed\n`);
  });

  it('a claim paused after finding the blob, while the sweep deletes it whole, misses and is told to send the bytes', async () => {
    const { blob, bytes } = await unreferencedBlob();
    const { paused, atPause, release } = pauseBefore(platform.context.uploads, 'claim');
    const claiming = declare(bytes, { ...platform.context, uploads: paused });
    await atPause;
    expect(await sweepUnreferencedBlobs(platform.context, [blob.id])).toEqual({ blobs: 1, bytes: 64 });
    expect(await platform.context.storage.stat(blob.storageKey)).toBeNull();
    release();
    const upload = (await claiming).uploads[0]!;
    expect(upload.stored).toBe(false);
    await expectOutcomeConsistent(upload, blob.id, bytes);
  });

  it('a sweep paused between marking the blob and deleting its object makes a claim in between miss', async () => {
    const { blob, bytes } = await unreferencedBlob();
    const { paused, atPause, release } = pauseBefore(platform.context.storage, 'deleteMany');
    const sweeping = sweepUnreferencedBlobs({ ...platform.context, storage: paused }, [blob.id]);
    await atPause;
    const upload = (await declare(bytes)).uploads[0]!;
    expect(upload.stored).toBe(false);
    release();
    await sweeping;
    await expectOutcomeConsistent(upload, blob.id, bytes);
  });

  describe('inside the transactions', () => {
    let client: Client;
    beforeEach(async () => {
      client = new Client({ connectionString: platform.config.env.DATABASE_URL });
      await client.connect();
    });
    afterEach(async () => client.end());

    /** Until some other session waits for a lock this session holds. */
    async function untilBlockedBy(session: Client) {
      const { rows } = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      for (;;) {
        const waiting = await platform.db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pg_stat_activity WHERE ${rows[0]!.pid}::int = ANY(pg_blocking_pids(pid))`;
        if (Number(waiting[0]!.n) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    it('a sweep waits for a claim holding the blob, then sees its artifact and keeps the blob', async () => {
      const { blob, bytes } = await unreferencedBlob();
      const job = await platform.context.jobs.ensure(world.projects.private.id, ++jobNumber, {}, new Date());
      // A claim mid-transaction: the blob locked FOR SHARE, its artifact inserted, not yet committed.
      await client.query('BEGIN');
      await client.query(`SELECT id FROM blobs WHERE id = $1 AND state = 'AVAILABLE' FOR SHARE`, [blob.id]);
      const artifactId = crypto.randomUUID();
      await client.query(
        `INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, blob_id, expires_at)
         VALUES ($1, $2, 0, 'held.bin', 64, $3, 420, $4, 'AVAILABLE', 64, $5, now() + interval '1 day')`,
        [artifactId, job.id, sha256(bytes), blob.storageKey, blob.id],
      );
      const sweeping = sweepUnreferencedBlobs(platform.context, [blob.id]);
      await untilBlockedBy(client);
      await client.query('COMMIT');
      expect(await sweeping).toEqual({ blobs: 0, bytes: 0 });
      expect((await platform.db.blob.findUniqueOrThrow({ where: { id: blob.id } })).state).toBe('AVAILABLE');
      expect(await readAll(blob.storageKey)).toEqual(bytes);
    });

    it('a claim waits for a sweep holding the blob, then finds it DELETING and misses', async () => {
      const { blob, bytes } = await unreferencedBlob();
      // A sweep mid-transaction: the blob locked FOR UPDATE and marked, not yet committed.
      await client.query('BEGIN');
      await client.query(`SELECT id FROM blobs WHERE id = $1 FOR UPDATE`, [blob.id]);
      await client.query(`UPDATE blobs SET state = 'DELETING' WHERE id = $1`, [blob.id]);
      const claiming = declare(bytes);
      await untilBlockedBy(client);
      await client.query('COMMIT');
      const upload = (await claiming).uploads[0]!;
      expect(upload.stored).toBe(false);
      await expectOutcomeConsistent(upload, blob.id, bytes);
    });
  });
});
