import type { Role } from '@stowage/contracts';
import type { ApiFailure } from '../../lib/api-failure';
import type { Confirmation } from '../../lib/confirmation';
import { roleLabel } from '../organizations/roles';

export interface MemberFacts {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** "Demo Member (member@stowage.local)", or the address alone when there is no other name. */
export function memberDisplayName(member: Pick<MemberFacts, 'email' | 'name'>): string {
  const name = member.name.trim();
  return name && name.toLowerCase() !== member.email.toLowerCase() ? `${name} (${member.email})` : member.email;
}

/** With two roles, a role change is always to the other one. */
export const otherRole = (role: Role): Role => (role === 'admin' ? 'member' : 'admin');

export function roleChangeLabel(role: Role): string {
  return `Make ${roleLabel(otherRole(role)).toLowerCase()}`;
}

export function removeMemberConfirmation(member: MemberFacts, organizationName: string, isSelf: boolean): Confirmation {
  if (isSelf) {
    return {
      title: 'Leave this organization?',
      body: `You (${member.email}) will be removed from ${organizationName} at once and lose access to its private projects. Only an admin can add you back.`,
      confirmLabel: 'Leave organization',
    };
  }
  return {
    title: `Remove ${member.name.trim() || member.email}?`,
    body: `${memberDisplayName(member)} will be removed from ${organizationName} at once and lose access to its private projects. Project tokens they created keep working until an admin revokes them.`,
    confirmLabel: 'Remove member',
  };
}

/** Only demoting yourself needs a confirmation: you cannot undo it. Other changes apply at once. */
export function roleChangeConfirmation(member: MemberFacts, isSelf: boolean): Confirmation | null {
  if (!isSelf || member.role !== 'admin') return null;
  return {
    title: 'Stop being an admin?',
    body: `You (${member.email}) will become a member: you will no longer manage members, projects, tokens or artifacts, and only another admin can make you an admin again.`,
    confirmLabel: 'Make me a member',
  };
}

/** A failed member change, in words for this page (the API's own message otherwise). */
export function explainMemberFailure(failure: ApiFailure, email?: string): string | undefined {
  if (failure.status === 404 && email && /user/i.test(failure.message)) {
    return `No Stowage account uses ${email} (the API answered “${failure.message}”). An operator has to create the account before it can be added.`;
  }
  return undefined;
}
