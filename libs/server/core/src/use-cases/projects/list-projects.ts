import type { Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { projectView } from './project.view';

/** An organization's projects: all of them for members, the public ones for everybody else. */
export async function listProjects(ctx: Pick<ServerContext, 'access' | 'projects'>, principal: Principal, input: { organization: string }) {
  const { organization, role } = await requireOrganization(ctx.access, input.organization, principal, 'read');
  return (await ctx.projects.listForOrganization(organization.id, { includePrivate: role !== null })).map(projectView);
}
