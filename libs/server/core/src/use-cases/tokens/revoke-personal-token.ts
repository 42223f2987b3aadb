import { z } from 'zod';
import { parseInput } from '../parse-input';
import { notFound, requireUser, type Principal } from '@stowage/domain';
import type { ServerContext } from '../../server-context';

/**
 * Revokes a token the caller created. Revocation counts from the next request: tokens are looked
 * up on every call, never cached.
 */
export async function revokePersonalToken(ctx: Pick<ServerContext, 'tokens' | 'clock'>, principal: Principal, input: { tokenId: string }): Promise<void> {
  const userId = requireUser(principal);
  const tokenId = parseInput(z.uuid(), input.tokenId, 'tokenId');
  if (!(await ctx.tokens.revoke(tokenId, { userId }, ctx.clock.now()))) throw notFound('token');
}
