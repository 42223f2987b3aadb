import { Readable } from 'node:stream';
import { uploadWorld } from '../use-cases/uploads/upload-world.spec-helper';
import { sweepDeletingArtifacts, sweepUnreferencedBlobs } from './sweep-deleting-artifacts';

type World = Awaited<ReturnType<typeof uploadWorld>>;

async function blobWith(world: World, key: string, bytes = Buffer.from('bytes')) {
  await world.storage.put(key, Readable.from([bytes]));
  return world.seed.blob({ projectId: world.project.id, sha256: key.padEnd(64, '0').slice(0, 64), size: bytes.length, storageKey: key });
}

describe('sweepDeletingArtifacts', () => {
  it('deletes a blob\'s object only when its last artifact is gone, and an unfinished upload\'s own object at once', async () => {
    const world = await uploadWorld();
    const shared = await blobWith(world, 'blob/shared');
    const one = await world.seed.artifact({ jobId: world.job.id, path: 'a', blobId: shared.id, storageKey: shared.storageKey, state: 'DELETING', size: 5 });
    await world.seed.artifact({ jobId: world.job.id, path: 'b', blobId: shared.id, storageKey: shared.storageKey, state: 'AVAILABLE', size: 5 });
    await world.storage.put('upload/failed', Readable.from([Buffer.from('xx')]));
    await world.seed.artifact({ jobId: world.job.id, path: 'c', storageKey: 'upload/failed', state: 'DELETING', size: 2 });

    expect(await sweepDeletingArtifacts(world.ctx)).toEqual({ deleted: 2, bytes: 7 });
    expect(world.tables.artifacts.map((a) => a.path)).toEqual(['b']);
    expect(world.storage.objects.has(shared.storageKey)).toBe(true);
    expect(world.storage.objects.has('upload/failed')).toBe(false);
    expect(world.tables.artifacts.some((a) => a.id === one.id)).toBe(false);

    world.tables.artifacts[0]!.state = 'DELETING';
    await sweepDeletingArtifacts(world.ctx);
    expect(world.storage.objects.has(shared.storageKey)).toBe(false);
    expect(world.tables.blobs).toEqual([]);
  });
});

describe('sweepUnreferencedBlobs', () => {
  it('deletes unreferenced and purged blobs\' objects before their rows, and orphaned objects, leaving referenced blobs', async () => {
    const world = await uploadWorld();
    const unreferenced = await blobWith(world, 'blob/unreferenced');
    const kept = await blobWith(world, 'blob/kept');
    await world.seed.artifact({ jobId: world.job.id, path: 'kept', blobId: kept.id, storageKey: kept.storageKey });
    const purged = await blobWith(world, 'blob/purged');
    world.tables.blobs.find((b) => b.id === purged.id)!.state = 'DELETING';
    await world.storage.put('upload/orphan', Readable.from([Buffer.from('o')]));
    world.tables.orphanedObjects.push({ storageKey: 'upload/orphan', createdAt: world.clock.now() });

    expect(await sweepUnreferencedBlobs(world.ctx)).toEqual({ blobs: 2, bytes: 10 });
    expect([...world.storage.objects.keys()]).toEqual([kept.storageKey]);
    expect(world.tables.blobs.map((b) => b.id)).toEqual([kept.id]);
    expect(world.tables.orphanedObjects).toEqual([]);
    const deletes = world.storage.callsTo('deleteMany');
    expect(deletes[0]![0]).toEqual(expect.arrayContaining([unreferenced.storageKey, purged.storageKey]));
  });

  it('with candidates, looks at no other blob', async () => {
    const world = await uploadWorld();
    const candidate = await blobWith(world, 'blob/candidate');
    const other = await blobWith(world, 'blob/other');
    await sweepUnreferencedBlobs(world.ctx, [candidate.id]);
    expect(world.tables.blobs.map((b) => b.id)).toEqual([other.id]);
  });
});
