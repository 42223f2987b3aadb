import type { ServerContext } from '../../server-context';

/**
 * One storage snapshot per project and day (UTC) of its physical bytes (each blob once: what the
 * store holds and bills, not what the artifacts add up to); taking it again the same day replaces it.
 */
export function snapshotStorageUsage(ctx: Pick<ServerContext, 'usage' | 'clock'>): Promise<number> {
  return ctx.usage.snapshotStorage(ctx.clock.now().toISOString().slice(0, 10));
}
