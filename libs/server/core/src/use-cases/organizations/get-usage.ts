import type { Usage } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

const DAY_MS = 24 * 3600_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Storage and network usage for the last 30 days (members). */
export async function getUsage(ctx: Pick<ServerContext, 'access' | 'usage' | 'clock'>, principal: Principal, input: { slug: string }): Promise<Usage> {
  const { organization } = await requireOrganization(ctx.access, input.slug, principal, 'member');
  const now = ctx.clock.now();
  const usage = await ctx.usage.organizationUsage(organization.id, now, utcDay(new Date(now.getTime() - 29 * DAY_MS)));
  return {
    organization: organization.slug,
    storage: { totalBytes: usage.byProject.reduce((sum, row) => sum + row.bytes, 0), byProject: usage.byProject, daily: usage.storageDaily },
    egress: { totalBytes: usage.egressDaily.reduce((sum, row) => sum + row.bytes, 0), daily: usage.egressDaily },
    largestArtifacts: usage.largest,
  };
}
