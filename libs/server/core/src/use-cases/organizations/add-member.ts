import type { Role } from '@stowage/contracts';
import { notFound, roleRecordOf, type Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { memberView } from './organization.view';

/** Adds an existing user by email (or sets the role of a member); admins only. */
export async function addMember(
  ctx: Pick<ServerContext, 'access' | 'organizations' | 'users'>,
  principal: Principal,
  input: { organization: string; email: string; role: Role },
) {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'admin');
  const user = await ctx.users.findByEmail(input.email.toLowerCase());
  if (!user) throw notFound(`user ${input.email}`);
  return memberView(await ctx.organizations.setMember(organization.id, user.id, roleRecordOf(input.role)));
}
