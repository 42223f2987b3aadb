import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/** Organization admins turn share links on or off; while off, every link of the organization answers 404 and none can be made. */
export async function setOrganizationShareLinks(
  ctx: Pick<ServerContext, 'access' | 'shareLinks'>,
  principal: Principal,
  input: { organization: string; enabled: boolean },
): Promise<{ enabled: boolean }> {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'admin');
  await ctx.shareLinks.setOrganizationEnabled(organization.id, input.enabled);
  return { enabled: input.enabled };
}
