import { requireUser, type Principal } from '@stowage/domain';
import { issueToken } from '../../access/token-issuer';
import type { ServerContext } from '../../server-context';
import { apiTokenView } from './api-token.view';

/** A personal token acting as the caller; the secret is in this answer only. */
export async function createPersonalToken(ctx: Pick<ServerContext, 'tokens'>, principal: Principal, input: { name: string }) {
  const userId = requireUser(principal);
  const { token, secret } = await issueToken(ctx.tokens, { kind: 'personal', userId, name: input.name });
  return { ...apiTokenView(token), secret };
}
