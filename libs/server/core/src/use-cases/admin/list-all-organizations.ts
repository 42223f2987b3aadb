import type { ServerContext } from '../../server-context';
import { organizationView } from '../organizations/organization.view';

export async function listAllOrganizations(ctx: Pick<ServerContext, 'organizations'>) {
  return (await ctx.organizations.list()).map((organization) => organizationView(organization, null));
}
