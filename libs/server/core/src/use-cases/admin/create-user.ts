import { conflict } from '@stowage/domain';
import { hashPassword } from '../../access/password';
import type { ServerContext } from '../../server-context';

/** A user, with a password for the web app or without one (tokens only). Emails are kept lower-cased. */
export async function createUser(ctx: Pick<ServerContext, 'users'>, input: { email: string; name: string; password?: string }) {
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const user = await ctx.users.create({ email: input.email.toLowerCase(), name: input.name, passwordHash });
  if (!user) throw conflict(`user ${input.email} already exists`);
  return { id: user.id, email: user.email, name: user.name };
}
