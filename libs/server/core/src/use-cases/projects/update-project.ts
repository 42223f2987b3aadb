import { BranchNameSchema, type ProjectRef } from '@stowage/contracts';
import { conflict, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { parseInput } from '../parse-input';
import { projectView } from './project.view';

/** Renames a project, changes its visibility or its default branch; admins only. */
export async function updateProject(
  ctx: Pick<ServerContext, 'access' | 'projects'>,
  principal: Principal,
  input: { project: ProjectRef; changes: { name?: string; isPrivate?: boolean; defaultBranch?: string } },
) {
  const { project } = await requireProject(ctx.access, input.project, principal, 'admin');
  const { defaultBranch } = input.changes;
  if (defaultBranch !== undefined) parseInput(BranchNameSchema, defaultBranch, 'defaultBranch');
  const updated = await ctx.projects.update(project.id, input.changes);
  if (!updated) throw conflict(`project ${input.changes.name} already exists`);
  return projectView(updated);
}
