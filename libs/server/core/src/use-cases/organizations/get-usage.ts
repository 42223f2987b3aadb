import type { Usage } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

const DAY_MS = 24 * 3600_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const sum = (rows: ReadonlyArray<{ bytes: number }>) => rows.reduce((total, row) => total + row.bytes, 0);

/**
 * Storage and network usage for the last 30 days (members). Per project, logical bytes (what its
 * available artifacts add up to) beside physical bytes (each blob once: what the store holds) and
 * what deduplication saved. The daily storage snapshots are physical bytes.
 */
export async function getUsage(ctx: Pick<ServerContext, 'access' | 'usage' | 'blobs' | 'clock'>, principal: Principal, input: { slug: string }): Promise<Usage> {
  const { organization } = await requireOrganization(ctx.access, input.slug, principal, 'member');
  const now = ctx.clock.now();
  const [usage, stored] = await Promise.all([
    ctx.usage.organizationUsage(organization.id, now, utcDay(new Date(now.getTime() - 29 * DAY_MS))),
    ctx.blobs.storageByProject(organization.id),
  ]);
  const physicalOf = new Map(stored.map((row) => [row.projectId, row.physicalBytes]));
  const byProject = usage.byProject.map(({ projectId, project, bytes, artifacts }) => {
    const physicalBytes = physicalOf.get(projectId) ?? 0;
    return { project, bytes, artifacts, logicalBytes: bytes, physicalBytes, savedBytes: Math.max(0, bytes - physicalBytes) };
  });
  const logicalBytes = sum(byProject);
  const physicalBytes = byProject.reduce((total, row) => total + row.physicalBytes, 0);
  return {
    organization: organization.slug,
    storage: {
      totalBytes: logicalBytes,
      byProject,
      logicalBytes,
      physicalBytes,
      savedBytes: byProject.reduce((total, row) => total + row.savedBytes, 0),
      daily: usage.storageDaily,
    },
    egress: { totalBytes: sum(usage.egressDaily), daily: usage.egressDaily },
    largestArtifacts: usage.largest,
  };
}
