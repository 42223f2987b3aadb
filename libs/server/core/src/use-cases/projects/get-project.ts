import type { ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { projectView } from './project.view';

export async function getProject(ctx: Pick<ServerContext, 'access'>, principal: Principal, input: { project: ProjectRef }) {
  return projectView((await requireProject(ctx.access, input.project, principal, 'read')).project);
}
