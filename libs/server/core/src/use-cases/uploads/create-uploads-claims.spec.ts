import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { createUploads, type CreateUploadsInput } from './create-uploads';
import { PROJECT_REF, uploadWorld } from './upload-world.spec-helper';

type World = Awaited<ReturnType<typeof uploadWorld>>;

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const BYTES = Buffer.from('<!doctype html><p>report</p>');

/** A blob of `bytes` in `projectId`, as finalization leaves it. */
async function storedBlob(world: World, projectId: string, bytes = BYTES, extra: { isText?: boolean | null; isElfCore?: boolean } = {}) {
  const storageKey = `artifacts/${world.organization.id}/${projectId}/seeded/${crypto.randomUUID()}`;
  await world.storage.put(storageKey, Readable.from([bytes]));
  return world.seed.blob({ projectId, sha256: sha256(bytes), size: bytes.length, storageKey, isText: extra.isText === undefined ? true : extra.isText, isElfCore: extra.isElfCore ?? false });
}

const declare = (files: CreateUploadsInput['files']): CreateUploadsInput => ({ project: PROJECT_REF, jobNumber: 42, nodeIndex: 1, files });
const file = (path: string, bytes = BYTES) => ({ path, size: bytes.length, sha256: sha256(bytes), fileMode: 0o755 });

describe('createUploads: bytes the project already holds', () => {
  it.each(['uploadReader', 'memberUser'] as const)('are stored at once for a caller who may read the project (%s): no parts, available, referring to the blob', async (who) => {
    const world = await uploadWorld();
    const blob = await storedBlob(world, world.project.id);
    const fresh = Buffer.from('new bytes');
    const response = await createUploads(world.ctx, world[who], declare([file('reports/index.html'), file('new.txt', fresh)]));
    expect(response.uploads.map(({ path, stored, parts }) => ({ path, stored, parts: parts.length }))).toEqual([
      { path: 'reports/index.html', stored: true, parts: 0 },
      { path: 'new.txt', stored: false, parts: 1 },
    ]);
    const claimed = world.tables.artifacts.find((a) => a.id === response.uploads[0]!.artifactId)!;
    expect(claimed).toMatchObject({
      state: 'AVAILABLE',
      blobId: blob.id,
      storageKey: blob.storageKey,
      nodeIndex: 1,
      fileMode: 0o755,
      sha256: blob.sha256,
      contentType: 'text/html; charset=utf-8',
      availableAt: world.clock.now(),
    });
    // No multipart upload for the stored file; one for the new one.
    expect(world.storage.callsTo('createMultipartUpload')).toHaveLength(1);
  });

  it('are always sent by an upload-only token: the answer would tell it what the project holds', async () => {
    const world = await uploadWorld();
    await storedBlob(world, world.project.id);
    const response = await createUploads(world.ctx, world.uploader, declare([file('reports/index.html')]));
    expect(response.uploads[0]).toMatchObject({ stored: false, parts: [expect.objectContaining({ partNumber: 1 })] });
    expect(world.tables.artifacts.find((a) => a.id === response.uploads[0]!.artifactId)).toMatchObject({ state: 'PENDING', blobId: null });
  });

  it('are never claimed from another project, even by a member of both', async () => {
    const world = await uploadWorld();
    await storedBlob(world, world.other.id);
    const response = await createUploads(world.ctx, world.memberUser, declare([file('reports/index.html')]));
    expect(response.uploads[0]!.stored).toBe(false);
  });

  it('need the same size as well as the same SHA-256, and a declared digest', async () => {
    const world = await uploadWorld();
    await storedBlob(world, world.project.id);
    const response = await createUploads(world.ctx, world.memberUser, declare([{ ...file('a.html'), size: BYTES.length + 1 }, { ...file('b.html'), sha256: undefined }]));
    expect(response.uploads.map((u) => u.stored)).toEqual([false, false]);
  });

  it('replace the available artifact at the same path, and sweep it later', async () => {
    const world = await uploadWorld();
    await storedBlob(world, world.project.id);
    const earlier = await world.seed.artifact({ jobId: world.job.id, nodeIndex: 1, path: 'reports/index.html', state: 'AVAILABLE' });
    await createUploads(world.ctx, world.memberUser, declare([file('reports/index.html')]));
    expect(world.tables.artifacts.find((a) => a.id === earlier.id)!.state).toBe('DELETING');
    expect(world.tasks.enqueued).toContainEqual({ name: 'expire-artifacts', payload: {} });
  });

  it('read the first bytes once of a blob adopted by the migration, and keep what they say', async () => {
    const world = await uploadWorld();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]);
    const blob = await storedBlob(world, world.project.id, png, { isText: null });
    const response = await createUploads(world.ctx, world.memberUser, declare([file('shot.txt', png)]));
    // The magic numbers win over the name, as for an upload.
    expect(world.tables.artifacts.find((a) => a.id === response.uploads[0]!.artifactId)!.contentType).toBe('image/png');
    expect(world.tables.blobs.find((b) => b.id === blob.id)).toMatchObject({ sniffedType: 'image/png', isText: false });
    await createUploads(world.ctx, world.memberUser, declare([file('again.png', png)]));
    expect(world.storage.callsTo('read')).toHaveLength(1);
  });

  it('enqueue core dumps for indexing, and a blob being deleted is missed: its bytes are sent', async () => {
    const world = await uploadWorld();
    const core = await storedBlob(world, world.project.id, Buffer.from('core bytes'), { isElfCore: true });
    const doomed = await storedBlob(world, world.project.id, Buffer.from('doomed bytes'));
    world.tables.blobs.find((b) => b.id === doomed.id)!.state = 'DELETING';
    const response = await createUploads(world.ctx, world.memberUser, declare([file('core.1', Buffer.from('core bytes')), file('doomed.txt', Buffer.from('doomed bytes'))]));
    expect(response.uploads.map((u) => u.stored)).toEqual([true, false]);
    expect(world.tasks.enqueued).toContainEqual({ name: 'index-core-dump', payload: { artifactId: response.uploads[0]!.artifactId }, taskId: `core-${response.uploads[0]!.artifactId}` });
    expect(core.isElfCore).toBe(true);
  });
});
