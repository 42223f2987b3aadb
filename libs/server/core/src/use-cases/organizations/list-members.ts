import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { memberView } from './organization.view';

/** An organization's members by email; members only. */
export async function listMembers(ctx: Pick<ServerContext, 'access' | 'organizations'>, principal: Principal, input: { organization: string }) {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'member');
  return (await ctx.organizations.listMembers(organization.id)).map(memberView);
}
