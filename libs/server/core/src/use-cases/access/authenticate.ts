import { ANONYMOUS, unauthorized, type Principal } from '@stowage/domain';
import { hashSecret } from '../../access/secret';
import type { ServerContext } from '../../server-context';

// Writing last-use on every request would make every read a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Who is calling: a token (header, query or Basic auth) wins over a session cookie; neither is anonymous. */
export async function authenticate(
  ctx: Pick<ServerContext, 'access' | 'clock'>,
  credentials: { token?: string; sessionSecret?: string },
): Promise<Principal> {
  if (credentials.token) return authenticateToken(ctx, credentials.token);
  if (credentials.sessionSecret) {
    const session = await ctx.access.findSessionBySecretHash(hashSecret(credentials.sessionSecret));
    if (session && session.expiresAt > ctx.clock.now()) return { kind: 'user', userId: session.userId };
  }
  return ANONYMOUS;
}

async function authenticateToken(ctx: Pick<ServerContext, 'access' | 'clock'>, secret: string): Promise<Principal> {
  const token = await ctx.access.findTokenBySecretHash(hashSecret(secret));
  // A wrong or revoked token is refused outright, even where anonymous access would be allowed,
  // so a client learns at once that its credentials are bad.
  if (!token || token.revokedAt) throw unauthorized('invalid or revoked API token');
  const now = ctx.clock.now();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await ctx.access.recordTokenUse(token.id, now);
  }
  if (token.kind === 'PERSONAL') return { kind: 'user', userId: token.userId, tokenId: token.id };
  return {
    kind: 'project-token',
    projectId: token.projectId as string,
    // Issued project tokens never hold ALL (a personal token's scope); such a row reads only, as before.
    scope: token.scope === 'ALL' ? 'READ' : token.scope,
    tokenId: token.id,
    userId: token.userId,
  };
}
