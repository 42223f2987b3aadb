import type { ServerContext } from '../../server-context';
import { apiTokenView } from '../tokens/api-token.view';
import { userByEmail } from './user-lookup';

/** A user's personal tokens, newest first. */
export async function listUserTokens(ctx: Pick<ServerContext, 'users' | 'tokens'>, input: { email: string }) {
  const owner = await userByEmail(ctx.users, input.email);
  return (await ctx.tokens.listPersonal(owner.id)).map(apiTokenView);
}
