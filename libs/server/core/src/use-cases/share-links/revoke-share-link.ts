import type { ProjectRef } from '@stowage/contracts';
import { forbidden, notFound, requireUser, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/** Its creator or an organization admin revokes a link; it answers 404 from the next request. Revoking twice is harmless. */
export async function revokeShareLink(ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'clock'>, principal: Principal, input: { project: ProjectRef; linkId: string }): Promise<void> {
  const { project, role } = await requireProject(ctx.access, input.project, principal, 'read');
  const userId = requireUser(principal);
  const link = role === null ? null : await ctx.shareLinks.find(project.id, input.linkId);
  if (!link) throw notFound('share link');
  if (link.creator.id !== userId && role !== 'ADMIN') throw forbidden('only its creator or an organization admin may revoke a share link');
  await ctx.shareLinks.revoke(link.id, ctx.clock.now());
}
