import { notFound, requireUser, type Principal } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { organizationView } from '../organizations/organization.view';

/** The signed-in user with the organizations they belong to (by slug), as the web app's shell needs them. */
export async function getMe(ctx: Pick<ServerContext, 'users' | 'organizations'>, principal: Principal) {
  const userId = requireUser(principal);
  return meOf(ctx, userId);
}

export async function meOf(ctx: Pick<ServerContext, 'users' | 'organizations'>, userId: string) {
  const [user, memberships] = await Promise.all([ctx.users.findById(userId), ctx.organizations.listForUser(userId)]);
  if (!user) throw notFound('user');
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organizations: memberships.map((m) => organizationView(m.organization, m.role)),
  };
}
