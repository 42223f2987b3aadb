import type { Organization as OrganizationView } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { organizationView } from './organization.view';

/** A new retention applies to every stored artifact (expiry = upload time + retention); what it expires goes at once. */
export async function updateRetention(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'tasks'>, principal: Principal, input: { slug: string; days: number }): Promise<OrganizationView> {
  const { organization, role } = await requireOrganization(ctx.access, input.slug, principal, 'admin');
  await ctx.artifacts.applyRetention(organization.id, input.days);
  await ctx.tasks.enqueue('expire-artifacts', {}).catch(() => undefined);
  return organizationView({ ...organization, artifactRetentionDays: input.days }, role);
}
