import type { ProjectRef } from '@stowage/contracts';
import { forbidden, requireUser, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { shareLinkView } from './share-link.view';

/** A project's share links: every one for organization admins, their own for other members. */
export async function listShareLinks(ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'clock'>, principal: Principal, input: { project: ProjectRef }) {
  const { project, role } = await requireProject(ctx.access, input.project, principal, 'read');
  const userId = requireUser(principal);
  if (role === null) throw forbidden("only members of the project's organization see its share links");
  const links = await ctx.shareLinks.listForProject(project.id, role === 'ADMIN' ? {} : { createdBy: userId });
  const now = ctx.clock.now();
  return links.map((link) => shareLinkView(link, now));
}
