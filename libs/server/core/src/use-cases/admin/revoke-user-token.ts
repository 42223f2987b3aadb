import { notFound } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { userByEmail } from './user-lookup';

/** Revokes a token the user created; counts from the next request. */
export async function revokeUserToken(ctx: Pick<ServerContext, 'users' | 'tokens' | 'clock'>, input: { email: string; tokenId: string }): Promise<void> {
  const owner = await userByEmail(ctx.users, input.email);
  if (!(await ctx.tokens.revoke(input.tokenId, { userId: owner.id }, ctx.clock.now()))) throw notFound('token');
}
