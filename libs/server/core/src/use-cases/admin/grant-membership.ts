import type { Role } from '@stowage/contracts';
import { roleOf, roleRecordOf } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { organizationBySlug, userByEmail } from './user-lookup';

/** Makes a user a member of an organization with `role` (or changes their role). */
export async function grantMembership(ctx: Pick<ServerContext, 'organizations' | 'users'>, input: { organization: string; email: string; role: Role }) {
  const organization = await organizationBySlug(ctx.organizations, input.organization);
  const user = await userByEmail(ctx.users, input.email);
  const member = await ctx.organizations.setMember(organization.id, user.id, roleRecordOf(input.role));
  return { organization: organization.slug, email: member.email, role: roleOf(member.role) };
}
