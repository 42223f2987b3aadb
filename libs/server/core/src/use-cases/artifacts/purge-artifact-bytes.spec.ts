import { artifactWorld, LATER, NOW } from '../artifact-world.spec-helper';
import { previewPurge } from './preview-purge';
import { purgeArtifactBytes } from './purge-artifact-bytes';

const SECRET = 'AWS_SECRET_ACCESS_KEY=leaked';
const SHA = 'ab'.repeat(32);

/** A world whose project holds one blob of SECRET, referred to by three artifacts in two jobs, and another blob. */
async function leakWorld() {
  const w = await artifactWorld();
  const job2 = await w.seed.job({ projectId: w.project.id, number: 2 });
  const blob = await w.seed.blob({ projectId: w.project.id, sha256: SHA, size: SECRET.length, storageKey: 'artifacts/leak' });
  w.objects.set(blob.storageKey, Buffer.from(SECRET));
  const refer = (jobId: string, path: string, nodeIndex = 0) =>
    w.seed.artifact({ jobId, path, nodeIndex, size: SECRET.length, sha256: SHA, blobId: blob.id, storageKey: blob.storageKey, expiresAt: LATER, availableAt: NOW });
  const leaked = [await refer(w.job.id, 'logs/build.log'), await refer(w.job.id, 'logs/build.log', 1), await refer(job2.id, 'copy.log')];
  const keep = await w.seed.blob({ projectId: w.project.id, sha256: 'cd'.repeat(32), size: 4, storageKey: 'artifacts/keep' });
  w.objects.set(keep.storageKey, Buffer.from('keep'));
  const kept = await w.seed.artifact({ jobId: w.job.id, path: 'keep.txt', size: 4, blobId: keep.id, storageKey: keep.storageKey, expiresAt: LATER, availableAt: NOW });
  return { ...w, blob, leaked, kept };
}

describe('previewPurge', () => {
  test('lists every artifact of the project referring to the same bytes, by job, container and path', async () => {
    const w = await leakWorld();
    const preview = await previewPurge(w.ctx, w.admin, { artifactId: w.leaked[2].id });
    expect(preview).toEqual({
      artifactId: w.leaked[2].id,
      sha256: SHA,
      size: SECRET.length,
      artifactCount: 3,
      artifacts: [
        { id: w.leaked[0].id, jobNumber: 1, nodeIndex: 0, path: 'logs/build.log', size: SECRET.length, state: 'available' },
        { id: w.leaked[1].id, jobNumber: 1, nodeIndex: 1, path: 'logs/build.log', size: SECRET.length, state: 'available' },
        { id: w.leaked[2].id, jobNumber: 2, nodeIndex: 0, path: 'copy.log', size: SECRET.length, state: 'available' },
      ],
    });
  });

  test('is for admins: a member is refused, an outsider sees no artifact, an upload without stored bytes has nothing to purge', async () => {
    const w = await leakWorld();
    await expect(previewPurge(w.ctx, w.member, { artifactId: w.leaked[0].id })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(previewPurge(w.ctx, w.outsider, { artifactId: w.leaked[0].id })).rejects.toMatchObject({ kind: 'not_found' });
    const pending = await w.artifact('uploading.bin', 'x', { state: 'PENDING' });
    await expect(previewPurge(w.ctx, w.admin, { artifactId: pending.id })).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('purgeArtifactBytes', () => {
  test('deletes the bytes and every artifact referring to them, and nothing else', async () => {
    const w = await leakWorld();
    const result = await purgeArtifactBytes(w.ctx, w.admin, { artifactId: w.leaked[0].id, confirmation: { sha256: SHA, artifactCount: 3 } });
    expect(result).toEqual({ purgedArtifacts: 3, bytes: SECRET.length });
    expect(w.objects.has(w.blob.storageKey)).toBe(false);
    expect(w.tables.artifacts.map((a) => a.id)).toEqual([w.kept.id]);
    expect(w.tables.blobs.map((b) => b.storageKey)).toEqual(['artifacts/keep']);
    // A later claim of those bytes finds nothing stored: the agent must send them again.
    expect(await w.ctx.blobs.findStored(w.project.id, [{ sha256: SHA, size: SECRET.length }])).toEqual([]);
  });

  test('refuses a stale confirmation: another count or other bytes purge nothing', async () => {
    const w = await leakWorld();
    await expect(purgeArtifactBytes(w.ctx, w.admin, { artifactId: w.leaked[0].id, confirmation: { sha256: SHA, artifactCount: 2 } })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('3 artifact(s) refer to these bytes now, the confirmation named 2'),
    });
    await expect(purgeArtifactBytes(w.ctx, w.admin, { artifactId: w.leaked[0].id, confirmation: { sha256: 'cd'.repeat(32), artifactCount: 3 } })).rejects.toMatchObject({ kind: 'conflict' });
    expect(w.tables.artifacts).toHaveLength(4);
    expect(w.objects.has(w.blob.storageKey)).toBe(true);
    expect(w.tables.blobs.find((b) => b.id === w.blob.id)?.state).toBe('AVAILABLE');
  });

  test('refuses a member and hides the artifact from an outsider', async () => {
    const w = await leakWorld();
    const confirmation = { sha256: SHA, artifactCount: 3 };
    await expect(purgeArtifactBytes(w.ctx, w.member, { artifactId: w.leaked[0].id, confirmation })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(purgeArtifactBytes(w.ctx, w.outsider, { artifactId: w.leaked[0].id, confirmation })).rejects.toMatchObject({ kind: 'not_found' });
    expect(w.tables.artifacts).toHaveLength(4);
  });
});
