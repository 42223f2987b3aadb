import type { ServerContext } from '../../server-context';

/** One storage snapshot per project and day (UTC); taking it again the same day replaces it. */
export function snapshotStorageUsage(ctx: Pick<ServerContext, 'usage' | 'clock'>): Promise<number> {
  return ctx.usage.snapshotStorage(ctx.clock.now().toISOString().slice(0, 10));
}
