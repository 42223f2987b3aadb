import type { ServerContext } from '../../server-context';

export async function listUsers(ctx: Pick<ServerContext, 'users'>) {
  return (await ctx.users.list()).map(({ id, email, name }) => ({ id, email, name }));
}
