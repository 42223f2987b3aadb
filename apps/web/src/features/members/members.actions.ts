'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { AddMemberRequestSchema, RoleSchema, SlugPartSchema, type Role } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { appPaths } from '../../lib/app-paths';
import { getApi, getViewer } from '../../server/stowage-api';
import { explainMemberFailure } from './member-rules';

export type AddMemberState =
  | { status: 'idle' }
  | { status: 'added'; email: string; role: Role; at: number }
  | { status: 'error'; message: string; email: string; role: Role };

// Server Actions are public endpoints: their arguments are checked like any request body.
const OrgSchema = SlugPartSchema;
const UserIdSchema = z.uuid();

/** The members page and everything that shows roles (the header's menu, the organization page). */
function revalidateMembers(org: string) {
  revalidatePath(appPaths.org(org), 'layout');
}

export async function addMember(org: string, _previous: AddMemberState, form: FormData): Promise<AddMemberState> {
  const email = String(form.get('email') ?? '').trim();
  const roleInput = RoleSchema.safeParse(form.get('role'));
  const role = roleInput.success ? roleInput.data : 'member';
  const slug = OrgSchema.safeParse(org);
  const body = AddMemberRequestSchema.safeParse({ email, role });
  if (!slug.success) return { status: 'error', message: 'This organization cannot be changed from here.', email, role };
  if (!body.success) return { status: 'error', message: 'Enter the email address of an existing Stowage account.', email, role };
  try {
    const member = await (await getApi()).call('addMember', { params: { org: slug.data }, body: body.data });
    revalidateMembers(slug.data);
    return { status: 'added', email: member.email, role: member.role, at: Date.now() };
  } catch (error) {
    return { status: 'error', message: apiFailureMessage(error, (failure) => explainMemberFailure(failure, email)), email, role };
  }
}

export async function changeMemberRole(org: string, userId: string, role: Role): Promise<ActionResult> {
  const input = z.object({ org: OrgSchema, userId: UserIdSchema, role: RoleSchema }).safeParse({ org, userId, role });
  if (!input.success) return { ok: false, message: 'That role change is not valid.' };
  try {
    await (await getApi()).call('updateMember', { params: { org: input.data.org, userId: input.data.userId }, body: { role: input.data.role } });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidateMembers(input.data.org);
  return { ok: true, value: undefined };
}

/** Removes a member; removing yourself leaves the organization, so the browser goes home. */
export async function removeMember(org: string, userId: string): Promise<ActionResult> {
  const input = z.object({ org: OrgSchema, userId: UserIdSchema }).safeParse({ org, userId });
  if (!input.success) return { ok: false, message: 'That member cannot be removed from here.' };
  try {
    await (await getApi()).call('removeMember', { params: { org: input.data.org, userId: input.data.userId } });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  const viewer = await getViewer();
  if (viewer.status === 'signed-in' && viewer.me.id === input.data.userId) {
    revalidatePath('/', 'layout');
    redirect(appPaths.home());
  }
  revalidateMembers(input.data.org);
  return { ok: true, value: undefined };
}
