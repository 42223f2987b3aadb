import crypto from 'node:crypto';
import type { Member, MembershipRole, Organization, OrganizationMembership } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { OrganizationRepository } from './organization.repository';

const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** OrganizationRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryOrganizationRepository implements OrganizationRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  async create(input: { slug: string; name: string; artifactRetentionDays: number }): Promise<Organization | null> {
    if (this.tables.organizations.some((o) => o.slug === input.slug)) return null;
    const organization = { id: crypto.randomUUID(), createdAt: this.tables.now(), ...input };
    this.tables.organizations.push(organization);
    return { ...organization };
  }

  async findBySlug(slug: string): Promise<Organization | null> {
    const organization = this.tables.organizations.find((o) => o.slug === slug);
    return organization ? { ...organization } : null;
  }

  async list(): Promise<Organization[]> {
    return this.tables.organizations.map((o) => ({ ...o })).sort(bySlug);
  }

  async listForUser(userId: string): Promise<OrganizationMembership[]> {
    return this.tables.memberships
      .filter((m) => m.userId === userId)
      .map((m) => ({ organization: { ...this.tables.organizations.find((o) => o.id === m.organizationId)! }, role: m.role }))
      .sort((a, b) => bySlug(a.organization, b.organization));
  }

  private memberOf(membership: { userId: string; role: MembershipRole }): Member {
    const user = this.tables.users.find((u) => u.id === membership.userId)!;
    return { userId: user.id, email: user.email, name: user.name, role: membership.role };
  }

  async listMembers(organizationId: string): Promise<Member[]> {
    return this.tables.memberships
      .filter((m) => m.organizationId === organizationId)
      .map((m) => this.memberOf(m))
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  async findMember(organizationId: string, userId: string): Promise<Member | null> {
    const membership = this.tables.memberships.find((m) => m.organizationId === organizationId && m.userId === userId);
    return membership ? this.memberOf(membership) : null;
  }

  async countAdmins(organizationId: string): Promise<number> {
    return this.tables.memberships.filter((m) => m.organizationId === organizationId && m.role === 'ADMIN').length;
  }

  async setMember(organizationId: string, userId: string, role: MembershipRole): Promise<Member> {
    const membership = this.tables.memberships.find((m) => m.organizationId === organizationId && m.userId === userId);
    if (membership) membership.role = role;
    else this.tables.memberships.push({ organizationId, userId, role, createdAt: this.tables.now() });
    return (await this.findMember(organizationId, userId)) as Member;
  }

  async removeMember(organizationId: string, userId: string): Promise<void> {
    this.tables.memberships = this.tables.memberships.filter((m) => !(m.organizationId === organizationId && m.userId === userId));
  }
}
