import { hashPassword } from '../../access/password';
import type { ServerContext } from '../../server-context';
import { userByEmail } from './user-lookup';

export async function setUserPassword(ctx: Pick<ServerContext, 'users'>, input: { email: string; password: string }): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const user = await userByEmail(ctx.users, input.email);
  await ctx.users.setPasswordHash(user.id, passwordHash);
}
