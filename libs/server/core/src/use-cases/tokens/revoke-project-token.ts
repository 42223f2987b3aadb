import { z } from 'zod';
import { parseInput } from '../parse-input';
import type { ProjectRef } from '@stowage/contracts';
import { notFound, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/** Revokes one of a project's tokens; admins only. Counts from the next request. */
export async function revokeProjectToken(ctx: Pick<ServerContext, 'access' | 'tokens' | 'clock'>, principal: Principal, input: { project: ProjectRef; tokenId: string }): Promise<void> {
  const { project } = await requireProject(ctx.access, input.project, principal, 'admin');
  const tokenId = parseInput(z.uuid(), input.tokenId, 'tokenId');
  if (!(await ctx.tokens.revoke(tokenId, { projectId: project.id }, ctx.clock.now()))) throw notFound('token');
}
