import type { ServerContext } from '../../server-context';

/** Served bytes (or the object's size when the client was redirected to the store), counted on the day they were served (UTC). */
export async function recordEgress(ctx: Pick<ServerContext, 'usage' | 'clock'>, entry: { organizationId: string; projectId: string; bytes: number }): Promise<void> {
  if (entry.bytes <= 0) return;
  const at = ctx.clock.now();
  await ctx.usage.recordEgress({ ...entry, day: at.toISOString().slice(0, 10), at });
}
