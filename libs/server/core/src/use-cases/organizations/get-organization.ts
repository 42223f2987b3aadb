import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { organizationView } from './organization.view';

export async function getOrganization(ctx: Pick<ServerContext, 'access'>, principal: Principal, input: { organization: string }) {
  const { organization, role } = await requireOrganization(ctx.access, input.organization, principal, 'read');
  return organizationView(organization, role);
}
