import type { ServerContext } from '../../server-context';
import { insertProject, type NewProject } from '../projects/create-project';
import { projectView } from '../projects/project.view';
import { organizationBySlug } from './user-lookup';

export async function provisionProject(ctx: Pick<ServerContext, 'organizations' | 'projects'>, input: { organization: string } & NewProject) {
  const organization = await organizationBySlug(ctx.organizations, input.organization);
  return projectView(await insertProject(ctx.projects, organization, input));
}
