import { unauthorized, type Principal } from '@stowage/domain';
import { verifyPassword } from '../../access/password';
import { generateSecret, hashSecret } from '../../access/secret';
import type { ServerContext } from '../../server-context';
import { meOf } from './get-me';

/**
 * Email and password to a session: the same answer for an unknown user and a wrong password. The
 * caller sets the returned secret as an httpOnly cookie for `maxAgeMs`, `secure` on HTTPS.
 */
export async function signIn(
  ctx: Pick<ServerContext, 'users' | 'organizations' | 'tokens' | 'clock' | 'config'>,
  _principal: Principal,
  input: { email: string; password: string },
) {
  const user = await ctx.users.findByEmail(input.email.toLowerCase());
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) throw unauthorized('wrong email or password');
  const maxAgeMs = ctx.config.env.SESSION_TTL_HOURS * 3600_000;
  const secret = generateSecret('sess');
  await ctx.tokens.createSession({ secretHash: hashSecret(secret), userId: user.id, expiresAt: new Date(ctx.clock.now().getTime() + maxAgeMs) });
  return { me: await meOf(ctx, user.id), session: { secret, maxAgeMs, secure: ctx.config.publicUrl.startsWith('https:') } };
}
