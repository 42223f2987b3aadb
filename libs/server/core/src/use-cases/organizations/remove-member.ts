import { z } from 'zod';
import { parseInput } from '../parse-input';
import { conflict, notFound, type Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/** Removes a member; admins only, and an organization keeps at least one admin. */
export async function removeMember(ctx: Pick<ServerContext, 'access' | 'organizations'>, principal: Principal, input: { organization: string; userId: string }): Promise<void> {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'admin');
  // Judged after access, as every input is: a caller who may not see the organization learns nothing.
  const userId = parseInput(z.uuid(), input.userId, 'userId');
  const member = await ctx.organizations.findMember(organization.id, userId);
  if (!member) throw notFound('member');
  if (member.role === 'ADMIN' && (await ctx.organizations.countAdmins(organization.id)) <= 1) throw conflict('an organization keeps at least one admin');
  await ctx.organizations.removeMember(organization.id, userId);
}
