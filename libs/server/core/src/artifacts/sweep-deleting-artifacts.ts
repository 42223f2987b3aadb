import type { ServerContext } from '../server-context';

/** S3's DeleteObjects takes at most 1000 keys; the filesystem driver is happy with the same batches. */
export const DELETE_BATCH_SIZE = 1000;

/**
 * The end of every deletion (expiry, admin deletion, a project's): objects of DELETING rows go,
 * then the rows. Deleting a missing object is not an error, so a rerun after a crash finishes the work.
 */
export async function sweepDeletingArtifacts(ctx: Pick<ServerContext, 'artifacts' | 'storage'>): Promise<{ deleted: number; bytes: number }> {
  const total = { deleted: 0, bytes: 0 };
  for (;;) {
    const batch = await ctx.artifacts.listDeleting(DELETE_BATCH_SIZE);
    if (batch.length === 0) return total;
    await ctx.storage.deleteMany(batch.map((artifact) => artifact.storageKey));
    await ctx.artifacts.removeDeleting(batch.map((artifact) => artifact.id));
    total.deleted += batch.length;
    total.bytes += batch.reduce((sum, artifact) => sum + artifact.size, 0);
  }
}
