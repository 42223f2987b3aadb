import { requireUser, type Principal } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from './api-token.view';

/** The caller's personal tokens, newest first; users only (a project token has no personal tokens). */
export async function listPersonalTokens(ctx: Pick<ServerContext, 'tokens'>, principal: Principal) {
  const userId = requireUser(principal);
  return (await ctx.tokens.listPersonal(userId)).map(apiTokenView);
}
