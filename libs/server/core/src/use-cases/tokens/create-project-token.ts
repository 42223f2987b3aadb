import type { ProjectRef, ProjectTokenScope } from '@stowage/contracts';
import { requireUser, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import { issueToken } from '../../access/token-issuer';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from './api-token.view';

/** A token for CI agents, scoped to one project; admins only, and a person (not a token) answers for it. */
export async function createProjectToken(
  ctx: Pick<ServerContext, 'access' | 'tokens'>,
  principal: Principal,
  input: { project: ProjectRef; name: string; scope: ProjectTokenScope },
) {
  const { project } = await requireProject(ctx.access, input.project, principal, 'admin');
  const userId = requireUser(principal);
  const { token, secret } = await issueToken(ctx.tokens, { kind: 'project', projectId: project.id, scope: input.scope, name: input.name, userId });
  return { ...apiTokenView(token), secret };
}
