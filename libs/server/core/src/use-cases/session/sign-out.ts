import type { Principal } from '@stowage/domain';
import { hashSecret } from '../../access/secret';
import type { ServerContext } from '../../server-context';

/** Ends the session whose secret the caller holds; anyone may end a session they hold, so nothing else is checked. */
export async function signOut(ctx: Pick<ServerContext, 'tokens'>, _principal: Principal, input: { sessionSecret?: string }): Promise<void> {
  if (input.sessionSecret) await ctx.tokens.deleteSession(hashSecret(input.sessionSecret));
}
