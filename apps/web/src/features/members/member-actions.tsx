'use client';

import { ActionButton } from '../../components/ui/action-button';
import { changeMemberRole, removeMember } from './members.actions';
import { memberDisplayName, otherRole, removeMemberConfirmation, roleChangeConfirmation, roleChangeLabel, type MemberFacts } from './member-rules';

/** An admin's controls for one member: the other role, and removal after a confirmation naming them. */
export function MemberActions({ org, organizationName, member, isSelf }: { org: string; organizationName: string; member: MemberFacts; isSelf: boolean }) {
  const who = memberDisplayName(member);
  return (
    <div className="flex flex-wrap items-start justify-end gap-2">
      <ActionButton
        label={`${roleChangeLabel(member.role)}: ${who}`}
        confirmation={roleChangeConfirmation(member, isSelf)}
        action={() => changeMemberRole(org, member.userId, otherRole(member.role))}
        pendingLabel="Saving…"
      >
        {roleChangeLabel(member.role)}
      </ActionButton>
      <ActionButton
        variant="danger"
        label={isSelf ? 'Leave organization' : `Remove ${who}`}
        confirmation={removeMemberConfirmation(member, organizationName, isSelf)}
        action={() => removeMember(org, member.userId)}
        pendingLabel="Removing…"
      >
        {isSelf ? 'Leave' : 'Remove'}
      </ActionButton>
    </div>
  );
}
