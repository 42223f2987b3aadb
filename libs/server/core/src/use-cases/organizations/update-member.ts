import { z } from 'zod';
import { parseInput } from '../parse-input';
import type { Role } from '@stowage/contracts';
import { conflict, notFound, roleRecordOf, type Principal } from '@stowage/domain';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { memberView } from './organization.view';

/** Changes a member's role; admins only, and an organization keeps at least one admin. */
export async function updateMember(
  ctx: Pick<ServerContext, 'access' | 'organizations'>,
  principal: Principal,
  input: { organization: string; userId: string; role: Role },
) {
  const { organization } = await requireOrganization(ctx.access, input.organization, principal, 'admin');
  // Judged after access, as every input is: a caller who may not see the organization learns nothing.
  const userId = parseInput(z.uuid(), input.userId, 'userId');
  const member = await ctx.organizations.findMember(organization.id, userId);
  if (!member) throw notFound('member');
  if (member.role === 'ADMIN' && input.role !== 'admin' && (await ctx.organizations.countAdmins(organization.id)) <= 1) {
    throw conflict('an organization keeps at least one admin');
  }
  return memberView(await ctx.organizations.setMember(organization.id, userId, roleRecordOf(input.role)));
}
