import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Principal } from '@stowage/domain';
import { claimUploads } from './claim-uploads';
import { createUploads } from './create-uploads';
import { PROJECT_REF, uploadWorld } from './upload-world.spec-helper';

type World = Awaited<ReturnType<typeof uploadWorld>>;
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const BYTES = Buffer.from('a large build output, in spirit');

async function storedBlob(world: World, bytes = BYTES) {
  const storageKey = `artifacts/blob/${crypto.randomUUID()}`;
  await world.storage.put(storageKey, Readable.from([bytes]));
  return world.seed.blob({ projectId: world.project.id, sha256: sha256(bytes), size: bytes.length, storageKey });
}

/** Declared without a digest, as an agent that hashes while sending does. */
async function declared(world: World, principal: Principal, path = 'dist/app.tar', bytes = BYTES) {
  const response = await createUploads(world.ctx, principal, { project: PROJECT_REF, jobNumber: 42, nodeIndex: 0, files: [{ path, size: bytes.length, fileMode: 0o644 }] });
  return response.uploads[0]!;
}

describe('claimUploads', () => {
  it('makes a declared upload of bytes the project holds available at once, and aborts its store upload', async () => {
    const world = await uploadWorld();
    const blob = await storedBlob(world);
    const upload = await declared(world, world.uploadReader);
    expect(upload.stored).toBe(false);
    expect(await claimUploads(world.ctx, world.uploadReader, { uploads: [{ artifactId: upload.artifactId, sha256: blob.sha256 }] })).toEqual({
      uploads: [{ artifactId: upload.artifactId, state: 'stored' }],
    });
    expect(world.tables.artifacts.find((a) => a.id === upload.artifactId)).toMatchObject({ state: 'AVAILABLE', blobId: blob.id, storageKey: blob.storageKey, uploadId: null, sha256: blob.sha256 });
    expect(world.storage.callsTo('abortMultipartUpload')).toHaveLength(1);
    // Claiming again reports the state the first claim left: sending is not asked for.
    expect((await claimUploads(world.ctx, world.uploadReader, { uploads: [{ artifactId: upload.artifactId, sha256: blob.sha256 }] })).uploads[0]!.state).toBe('send');
  });

  it('asks an upload-only token to send on, and bytes the project does not hold are sent', async () => {
    const world = await uploadWorld();
    const blob = await storedBlob(world);
    const byUploader = await declared(world, world.uploader);
    expect((await claimUploads(world.ctx, world.uploader, { uploads: [{ artifactId: byUploader.artifactId, sha256: blob.sha256 }] })).uploads[0]!.state).toBe('send');
    const other = await declared(world, world.memberUser, 'other.bin');
    expect((await claimUploads(world.ctx, world.memberUser, { uploads: [{ artifactId: other.artifactId, sha256: 'e'.repeat(64) }] })).uploads[0]!.state).toBe('send');
    expect(world.tables.artifacts.every((a) => a.state === 'PENDING')).toBe(true);
  });

  it('checks access like completion: an upload of another project looks missing to a stranger', async () => {
    const world = await uploadWorld();
    const blob = await storedBlob(world);
    const upload = await declared(world, world.memberUser);
    await expect(claimUploads(world.ctx, world.outsider, { uploads: [{ artifactId: upload.artifactId, sha256: blob.sha256 }] })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(claimUploads(world.ctx, world.memberUser, { uploads: [{ artifactId: crypto.randomUUID(), sha256: blob.sha256 }] })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
