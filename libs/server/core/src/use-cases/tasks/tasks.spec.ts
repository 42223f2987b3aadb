import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { artifactWorld, LATER } from '../artifact-world.spec-helper';
import { uploadWorld } from '../uploads/upload-world.spec-helper';
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

  test('reads a core\'s bytes once per blob; each artifact adds what its own name says', async () => {
    const w = await uploadWorld();
    // The committed qemu-user aarch64 core (libs/domain/test/fixtures).
    const core = gunzipSync(readFileSync(path.join(__dirname, '../../../../../domain/test/fixtures/core-dumps/aarch64-abort.core.gz')));
    await w.storage.put('blob/core', Readable.from([core]));
    const blob = await w.seed.blob({ projectId: w.job.projectId, sha256: 'c'.repeat(64), size: core.length, storageKey: 'blob/core', isElfCore: true });
    const first = await w.seed.artifact({ jobId: w.job.id, path: 'cores/core', size: core.length, blobId: blob.id, storageKey: 'blob/core', expiresAt: LATER });
    const second = await w.seed.artifact({ jobId: w.job.id, nodeIndex: 1, path: 'cores/core', size: core.length, blobId: blob.id, storageKey: 'blob/core', expiresAt: LATER });
    expect(await indexCoreDump(w.ctx, { artifactId: first.id })).toBe('indexed');
    const readsAfterFirst = w.storage.callsTo('read').length;
    expect(readsAfterFirst).toBeGreaterThan(0);
    expect(w.tables.blobs[0]!.coreFacts).toMatchObject({ architecture: 'aarch64', pid: 13812, signalName: 'SIGABRT' });
    expect(await indexCoreDump(w.ctx, { artifactId: second.id })).toBe('indexed');
    expect(w.storage.callsTo('read')).toHaveLength(readsAfterFirst);
    expect(w.tables.coreDumps.map((c) => [c.artifactId, c.pid])).toEqual([
      [first.id, 13812],
      [second.id, 13812],
    ]);

    // Notes without a pid or a path (a truncated core, say): each name fills in its own.
    const bare = { ...w.tables.blobs[0]!.coreFacts!, pid: null, executablePath: null, executableName: null };
    const other = await w.seed.blob({ projectId: w.job.projectId, sha256: 'd'.repeat(64), size: core.length, storageKey: 'blob/core', isElfCore: true, coreFacts: bare });
    const named = await w.seed.artifact({ jobId: w.job.id, path: 'cores/core.77.!usr!bin!app', size: core.length, blobId: other.id, storageKey: 'blob/core', expiresAt: LATER });
    expect(await indexCoreDump(w.ctx, { artifactId: named.id })).toBe('indexed');
    expect(w.storage.callsTo('read')).toHaveLength(readsAfterFirst);
    expect(w.tables.coreDumps.find((c) => c.artifactId === named.id)).toMatchObject({ pid: 77, executablePath: '/usr/bin/app' });
    expect(w.tables.blobs.find((b) => b.id === other.id)!.coreFacts).toMatchObject({ pid: null });
  });
});
