import { sweepDeletingArtifacts } from '../../artifacts/sweep-deleting-artifacts';
import type { ServerContext } from '../../server-context';

/** Expired artifacts (and ones already marked for deletion) are removed in batches until none remain. */
export async function expireArtifacts(ctx: Pick<ServerContext, 'artifacts' | 'storage' | 'clock'>) {
  await ctx.artifacts.markExpired(ctx.clock.now());
  return sweepDeletingArtifacts(ctx);
}
