import { artifactWorld, LATER } from '../artifact-world.spec-helper';
import { expireArtifacts } from './expire-artifacts';
import { indexCoreDump } from './index-core-dump';
import { snapshotStorageUsage } from './snapshot-storage-usage';

describe('expireArtifacts', () => {
  test('deletes expired artifacts\' bytes then rows, and is idempotent', async () => {
    const w = await artifactWorld();
    const expired = await w.artifact('old');
    const kept = await w.artifact('new');
    w.tables.artifacts.find((a) => a.id === expired.id)!.expiresAt = new Date(w.clock.now().getTime() - 1);
    expect(await expireArtifacts(w.ctx)).toEqual({ deleted: 1, bytes: 3, blobs: 0, blobBytes: 0 });
    expect(w.tables.artifacts.map((a) => a.id)).toEqual([kept.id]);
    expect(await expireArtifacts(w.ctx)).toEqual({ deleted: 0, bytes: 0, blobs: 0, blobBytes: 0 });
  });
});

describe('snapshotStorageUsage', () => {
  test('records one snapshot per project for today, replacing an earlier one', async () => {
    const w = await artifactWorld();
    await w.artifact('a', 'xyz');
    await snapshotStorageUsage(w.ctx);
    expect(await snapshotStorageUsage(w.ctx)).toBe(1);
    expect(w.tables.usageRecords.map((r) => [r.kind, r.day, r.bytes])).toEqual([['STORAGE_SNAPSHOT', '2026-06-01', 3]]);
  });

  test('records physical bytes: a blob once, however many artifacts hold it', async () => {
    const w = await artifactWorld();
    const blob = await w.seed.blob({ projectId: w.project.id, sha256: 'ef'.repeat(32), size: 100, storageKey: 'artifacts/blob' });
    for (const path of ['a', 'b', 'c']) await w.seed.artifact({ jobId: w.job.id, path, size: 100, blobId: blob.id, storageKey: blob.storageKey, expiresAt: LATER });
    await snapshotStorageUsage(w.ctx);
    expect(w.tables.usageRecords.map((r) => r.bytes)).toEqual([100]);
  });
});

describe('indexCoreDump', () => {
  test('skips what is not available and says not-core for other files', async () => {
    const w = await artifactWorld();
    const text = await w.artifact('core', 'just text, no ELF header');
    expect(await indexCoreDump(w.ctx, { artifactId: text.id })).toBe('not-core');
    expect(await indexCoreDump(w.ctx, { artifactId: '00000000-0000-0000-0000-000000000000' })).toBe('skipped');
    const pending = await w.seed.artifact({ jobId: w.job.id, nodeIndex: 0, path: 'p', state: 'PENDING', expiresAt: LATER });
    expect(await indexCoreDump(w.ctx, { artifactId: pending.id })).toBe('skipped');
    expect(w.tables.coreDumps).toEqual([]);
  });
});
