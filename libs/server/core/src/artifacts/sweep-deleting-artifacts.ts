import type { ServerContext } from '../server-context';

/** S3's DeleteObjects takes at most 1000 keys; the filesystem driver is happy with the same batches. */
export const DELETE_BATCH_SIZE = 1000;

type SweepContext = Pick<ServerContext, 'artifacts' | 'blobs' | 'storage'>;

/**
 * The end of every deletion (expiry, replacement, admin deletion, a project's, a purge): DELETING
 * artifacts' rows go (with the objects of uploads that never became a blob), then the blobs no
 * artifact refers to any more (sweepUnreferencedBlobs). Deleting a missing object is not an error,
 * so a rerun after a crash finishes the work.
 */
export async function sweepDeletingArtifacts(ctx: SweepContext): Promise<{ deleted: number; bytes: number }> {
  const total = { deleted: 0, bytes: 0 };
  const released = new Set<string>();
  for (;;) {
    const batch = await ctx.artifacts.listDeleting(DELETE_BATCH_SIZE);
    if (batch.length === 0) break;
    // A blob's object is shared by every artifact of those bytes: only the blob sweep deletes it.
    const ownObjects = batch.filter((artifact) => artifact.blobId === null).map((artifact) => artifact.storageKey);
    if (ownObjects.length) await ctx.storage.deleteMany(ownObjects);
    await ctx.artifacts.removeDeleting(batch.map((artifact) => artifact.id));
    for (const artifact of batch) if (artifact.blobId) released.add(artifact.blobId);
    total.deleted += batch.length;
    total.bytes += batch.reduce((sum, artifact) => sum + artifact.size, 0);
  }
  await sweepUnreferencedBlobs(ctx, [...released]);
  return total;
}

/**
 * Deletes the bytes no artifact refers to: blobs among `candidates` (every blob when omitted) that
 * lost their last artifact, blobs already DELETING (purged, or left by a crash), and orphaned
 * objects. The order is the claim-safe one (blob.repository.ts): mark DELETING under row locks,
 * delete the objects, then the rows.
 */
export async function sweepUnreferencedBlobs(ctx: Pick<ServerContext, 'blobs' | 'storage'>, candidates?: readonly string[]): Promise<{ blobs: number; bytes: number }> {
  const total = { blobs: 0, bytes: 0 };
  if (candidates) {
    for (let offset = 0; offset < candidates.length; offset += DELETE_BATCH_SIZE) {
      await ctx.blobs.markUnreferencedDeleting(DELETE_BATCH_SIZE, candidates.slice(offset, offset + DELETE_BATCH_SIZE));
    }
  } else {
    while ((await ctx.blobs.markUnreferencedDeleting(DELETE_BATCH_SIZE)).length === DELETE_BATCH_SIZE);
  }
  for (;;) {
    const doomed = await ctx.blobs.listDeletable(DELETE_BATCH_SIZE);
    if (doomed.length === 0) break;
    await ctx.storage.deleteMany(doomed.map((blob) => blob.storageKey));
    await ctx.blobs.remove(doomed.map((blob) => blob.id));
    total.blobs += doomed.length;
    total.bytes += doomed.reduce((sum, blob) => sum + blob.size, 0);
  }
  for (;;) {
    const orphans = await ctx.blobs.listOrphanedObjects(DELETE_BATCH_SIZE);
    if (orphans.length === 0) break;
    await ctx.storage.deleteMany(orphans);
    await ctx.blobs.removeOrphanedObjects(orphans);
  }
  return total;
}
