import { requireUser, type Principal } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { organizationView } from './organization.view';

/** The organizations the caller belongs to. */
export async function listOrganizations(ctx: Pick<ServerContext, 'organizations'>, principal: Principal) {
  const userId = requireUser(principal);
  return (await ctx.organizations.listForUser(userId)).map((m) => organizationView(m.organization, m.role));
}
