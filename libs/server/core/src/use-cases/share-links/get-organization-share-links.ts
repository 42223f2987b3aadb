import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/** Whether the organization's share links work: members see it (the web app's Share action and settings say so). */
export async function getOrganizationShareLinks(
  ctx: Pick<ServerContext, 'access' | 'shareLinks'>,
  principal: Principal,
  input: { organization: string },
): Promise<{ enabled: boolean }> {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'member');
  return { enabled: await ctx.shareLinks.organizationEnabled(organization.id) };
}
