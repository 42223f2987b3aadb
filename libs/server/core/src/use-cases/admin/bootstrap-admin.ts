import type { ServerContext } from '../../server-context';
import { createUser } from './create-user';

/** The first admin may come from configuration instead of the admin command; an existing user is left alone. */
export async function bootstrapAdmin(ctx: Pick<ServerContext, 'users'>, input: { email: string; password: string }): Promise<void> {
  if (await ctx.users.findByEmail(input.email.toLowerCase())) return;
  await createUser(ctx, { email: input.email, name: 'Administrator', password: input.password });
}
