import type { ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from './api-token.view';

/** A project's tokens, newest first; admins only. */
export async function listProjectTokens(ctx: Pick<ServerContext, 'access' | 'tokens'>, principal: Principal, input: { project: ProjectRef }) {
  const { project } = await requireProject(ctx.access, input.project, principal, 'admin');
  return (await ctx.tokens.listForProject(project.id)).map(apiTokenView);
}
