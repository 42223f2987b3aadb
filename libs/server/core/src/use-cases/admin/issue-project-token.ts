import type { ProjectRef, ProjectTokenScope } from '@stowage/contracts';
import { notFound } from '@stowage/domain';
import { issueToken } from '../../access/token-issuer';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from '../tokens/api-token.view';
import { userByEmail } from './user-lookup';

/** A CI token scoped to one project, with the user who answers for it. */
export async function issueProjectToken(
  ctx: Pick<ServerContext, 'access' | 'users' | 'tokens'>,
  input: { project: ProjectRef; owner: string; name: string; scope: ProjectTokenScope },
) {
  const facts = await ctx.access.findProject(input.project, null);
  if (!facts) throw notFound(`project ${input.project.organization}/${input.project.vcsType}/${input.project.project}`);
  const owner = await userByEmail(ctx.users, input.owner);
  const { token, secret } = await issueToken(ctx.tokens, { kind: 'project', projectId: facts.project.id, scope: input.scope, userId: owner.id, name: input.name });
  return { ...apiTokenView(token), secret };
}
