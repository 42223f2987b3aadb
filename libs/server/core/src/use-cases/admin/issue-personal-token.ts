import { issueToken } from '../../access/token-issuer';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from '../tokens/api-token.view';
import { userByEmail } from './user-lookup';

export async function issuePersonalToken(ctx: Pick<ServerContext, 'users' | 'tokens'>, input: { email: string; name: string }) {
  const owner = await userByEmail(ctx.users, input.email);
  const { token, secret } = await issueToken(ctx.tokens, { kind: 'personal', userId: owner.id, name: input.name });
  return { ...apiTokenView(token), secret };
}
