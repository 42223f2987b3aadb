import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ManualClock, type StorageDriver } from '@stowage/domain';
import { createLogger } from '@stowage/server-config';
import { startS3Server, type TestS3Server } from '@stowage/testing-s3';
import { seedWorld, testAppConfig, testEnvironment, type TestStorage, type TestWorld } from '@stowage/testing';
import { expireArtifacts, storageKeyFor } from '@stowage/server-core';
import { createTestPlatform, type TestPlatform } from '@stowage/testing';

const DAY = 86_400_000;
let platform: TestPlatform;
let world: TestWorld;
/** The CircleCI listings' rows: a job's available, unexpired artifacts. */
const available = (jobId: string) => platform.context.artifacts.listAvailable(jobId, platform.context.clock.now(), { limit: 1_000_000 });
const admin = () => ({ kind: 'user' as const, userId: world.users.admin.id });

/** A storage driver that fails its n-th deleteMany, to crash a sweep half-way. */
function failingOnDelete(inner: StorageDriver, failOnCall: number): StorageDriver & { calls: number } {
  const driver = Object.create(inner) as StorageDriver & { calls: number };
  driver.calls = 0;
  driver.deleteMany = async (keys: string[]) => {
    driver.calls++;
    if (driver.calls === failOnCall) throw new Error('storage went away');
    return inner.deleteMany(keys);
  };
  return driver;
}

describe.each<TestStorage>(['filesystem', 's3'])('artifact lifecycle on %s storage', (storage) => {
  let s3: TestS3Server | undefined;
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
  let jobNumber = 0;

  beforeAll(async () => {
    s3 = storage === 's3' ? await startS3Server() : undefined;
    platform = createTestPlatform(testAppConfig(testEnvironment({ storage, s3 })), createLogger({ LOG_LEVEL: 'silent' }, 'test'), { clock });
    world = await seedWorld(platform);
  });
  afterAll(async () => {
    await platform.close();
    await s3?.stop();
  });

  /** Stored artifacts with real objects, uploaded `ageDays` ago under the organization's retention. */
  async function storeArtifacts(count: number, ageDays = 0) {
    const project = world.projects.private;
    const job = await platform.context.jobs.upsert(project.id, ++jobNumber, {}, platform.context.clock.now());
    const uploadedAt = new Date(clock.now().getTime() - ageDays * DAY);
    const rows = Array.from({ length: count }, (_, i) => {
      const id = crypto.randomUUID();
      return { id, path: `out/${i}.txt`, key: storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId: job.id, artifactId: id }) };
    });
    for (let i = 0; i < rows.length; i += 50) {
      await Promise.all(rows.slice(i, i + 50).map((row) => platform.context.storage.put(row.key, Readable.from([Buffer.from(row.path)]))));
    }
    await platform.db.artifact.createMany({
      data: rows.map((row) => ({
        id: row.id, jobId: job.id, nodeIndex: 0, path: row.path, size: BigInt(row.path.length), sha256: '0'.repeat(64), fileMode: 0o644,
        storageKey: row.key, state: 'AVAILABLE' as const, partSize: BigInt(row.path.length), createdAt: uploadedAt, completedAt: uploadedAt,
        availableAt: uploadedAt, expiresAt: new Date(uploadedAt.getTime() + world.organization.artifactRetentionDays * DAY),
      })),
    });
    return { job, rows };
  }

  async function objectsLeft(keys: string[]) {
    let left = 0;
    for (const key of keys) if (await platform.context.storage.stat(key)) left++;
    return left;
  }

  it('hides expired artifacts from the CircleCI listings at once, before any sweep runs', async () => {
    const { job } = await storeArtifacts(3, 0);
    expect(await available(job.id)).toHaveLength(3);
    clock.advance(31 * DAY);
    expect(await available(job.id)).toEqual([]);
    expect(await available(job.id)).toEqual([]);
    expect(await platform.db.artifact.count({ where: { jobId: job.id } })).toBe(3);
    await expireArtifacts(platform.context);
  });

  it('sweeps expired artifacts in batches, objects first then rows, and keeps unexpired ones', async () => {
    const expired = await storeArtifacts(2100, 40);
    const fresh = await storeArtifacts(5, 1);
    const result = await expireArtifacts(platform.context);
    expect(result.deleted).toBeGreaterThanOrEqual(2100);
    expect(await platform.db.artifact.count({ where: { jobId: expired.job.id } })).toBe(0);
    expect(await objectsLeft(expired.rows.map((row) => row.key))).toBe(0);
    expect(await platform.db.artifact.count({ where: { jobId: fresh.job.id, state: 'AVAILABLE' } })).toBe(5);
    expect(await objectsLeft(fresh.rows.map((row) => row.key))).toBe(5);
  }, 120_000);

  it('finishes the work on a rerun after crashing half-way, leaving no row without its object meanwhile', async () => {
    const { job, rows } = await storeArtifacts(2500, 40);
    const real = platform.context.storage;
    const crashing = failingOnDelete(real, 2);
    const crashingPlatform = createTestPlatform(platform.config, createLogger({ LOG_LEVEL: 'silent' }, 'test'), { clock, storage: crashing });
    try {
      await expect(expireArtifacts(crashingPlatform.context)).rejects.toThrow('storage went away');
    } finally {
      await crashingPlatform.close();
    }
    // After the crash: every remaining row is DELETING (invisible), and every one still has its object.
    const remaining = await platform.db.artifact.findMany({ where: { jobId: job.id }, select: { storageKey: true, state: true } });
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.length).toBeLessThan(2500);
    expect(new Set(remaining.map((row) => row.state))).toEqual(new Set(['DELETING']));
    expect(await objectsLeft(remaining.map((row) => row.storageKey))).toBe(remaining.length);
    expect(await available(job.id)).toEqual([]);

    await expireArtifacts(platform.context);
    expect(await platform.db.artifact.count({ where: { jobId: job.id } })).toBe(0);
    expect(await objectsLeft(rows.map((row) => row.key))).toBe(0);
    // Idempotent: nothing left to do.
    expect((await expireArtifacts(platform.context)).deleted).toBe(0);
  }, 120_000);

  it('applies a shorter retention to every stored artifact, after saying what will expire', async () => {
    const old = await storeArtifacts(4, 10);
    const recent = await storeArtifacts(2, 2);
    const preview = await platform.useCases.previewRetention(admin(), { slug: world.organization.slug, days: 7 });
    expect(preview.expiringArtifacts).toBe(4);
    expect(preview.expiringBytes).toBe(old.rows.reduce((sum, row) => sum + row.path.length, 0));
    await platform.useCases.updateRetention(admin(), { slug: world.organization.slug, days: 7 });
    expect(await available(old.job.id)).toEqual([]);
    expect(await available(recent.job.id)).toHaveLength(2);
    await expireArtifacts(platform.context);
    expect(await objectsLeft(old.rows.map((row) => row.key))).toBe(0);
    await platform.useCases.updateRetention(admin(), { slug: world.organization.slug, days: 30 });
  }, 60_000);
});
