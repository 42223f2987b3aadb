import type { VcsType } from '@stowage/contracts';
import { conflict, vcsTypeRecordOf, type Organization, type Principal } from '@stowage/domain';
import type { ProjectRepository } from '@stowage/server-db';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { projectView } from './project.view';

export interface NewProject {
  vcsType: VcsType;
  name: string;
  isPrivate?: boolean;
  /** `main` when absent. */
  defaultBranch?: string;
}

/** Creates a project in an organization (private unless asked otherwise); admins only. */
export async function createProject(ctx: Pick<ServerContext, 'access' | 'projects'>, principal: Principal, input: { organization: string } & NewProject) {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'admin');
  return projectView(await insertProject(ctx.projects, organization, input));
}

/** The one way a project comes to exist (this route and the admin command). */
export async function insertProject(projects: ProjectRepository, organization: Organization, input: NewProject) {
  const project = await projects.create({ organizationId: organization.id, vcsType: vcsTypeRecordOf(input.vcsType), name: input.name, isPrivate: input.isPrivate ?? true, defaultBranch: input.defaultBranch });
  if (!project) throw conflict(`project ${input.name} already exists`);
  return project;
}
