import type { Organization as OrganizationView, Role } from '@stowage/contracts';
import { roleOf, type Member, type MembershipRole, type Organization } from '@stowage/domain';

/** An organization as clients see it, with the caller's role there (null for anyone but a member). */
export function organizationView(organization: Organization, role: MembershipRole | null): OrganizationView {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    artifactRetentionDays: organization.artifactRetentionDays,
    role: role ? roleOf(role) : null,
  };
}

export function memberView(member: Member): { userId: string; email: string; name: string; role: Role } {
  return { userId: member.userId, email: member.email, name: member.name, role: roleOf(member.role) };
}
