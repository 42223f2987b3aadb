import { sweepDeletingArtifacts, sweepUnreferencedBlobs } from '../../artifacts/sweep-deleting-artifacts';
import type { ServerContext } from '../../server-context';

/**
 * Expired artifacts (and ones already marked for deletion) are removed in batches until none
 * remain, then every blob no artifact refers to: the periodic pass also finishes what a crash
 * between an artifact's removal and its blob's left behind.
 */
export async function expireArtifacts(ctx: Pick<ServerContext, 'artifacts' | 'blobs' | 'storage' | 'clock'>) {
  await ctx.artifacts.markExpired(ctx.clock.now());
  const swept = await sweepDeletingArtifacts(ctx);
  const blobs = await sweepUnreferencedBlobs(ctx);
  return { ...swept, blobs: blobs.blobs, blobBytes: blobs.bytes };
}
