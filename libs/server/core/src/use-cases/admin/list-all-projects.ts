import type { ServerContext } from '../../server-context';
import { projectView } from '../projects/project.view';
import { organizationBySlug } from './user-lookup';

/** Every project of an organization, private ones included. */
export async function listAllProjects(ctx: Pick<ServerContext, 'organizations' | 'projects'>, input: { organization: string }) {
  const organization = await organizationBySlug(ctx.organizations, input.organization);
  return (await ctx.projects.listForOrganization(organization.id, { includePrivate: true })).map(projectView);
}
