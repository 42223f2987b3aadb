import crypto from 'node:crypto';
import type { Member, MembershipRole, Organization, OrganizationMembership } from '@stowage/domain';
import type { Selectable } from 'kysely';
import type { Database } from '../database';
import type { Organization as OrganizationRow } from '../generated/database';

/** Organizations and their memberships (with the member users' names), the records behind the organization pages and the admin command. */
export interface OrganizationRepository {
  /** Null when the slug is taken. */
  create(input: { slug: string; name: string; artifactRetentionDays: number }): Promise<Organization | null>;
  findBySlug(slug: string): Promise<Organization | null>;
  /** Every organization, by slug. */
  list(): Promise<Organization[]>;
  /** The organizations a user belongs to, by slug, with the user's role in each. */
  listForUser(userId: string): Promise<OrganizationMembership[]>;
  /** An organization's members, by email. */
  listMembers(organizationId: string): Promise<Member[]>;
  findMember(organizationId: string, userId: string): Promise<Member | null>;
  countAdmins(organizationId: string): Promise<number>;
  /** Adds the user as a member with `role`, or changes the role of a member. */
  setMember(organizationId: string, userId: string, role: MembershipRole): Promise<Member>;
  removeMember(organizationId: string, userId: string): Promise<void>;
}

export function organizationOf(row: Selectable<OrganizationRow>): Organization {
  return { id: row.id, slug: row.slug, name: row.name, artifactRetentionDays: row.artifact_retention_days, createdAt: row.created_at as Date };
}

export class PgOrganizationRepository implements OrganizationRepository {
  constructor(private readonly database: Database) {}

  async create(input: { slug: string; name: string; artifactRetentionDays: number }): Promise<Organization | null> {
    const row = await this.database.db
      .insertInto('organizations')
      .values({ id: crypto.randomUUID(), slug: input.slug, name: input.name, artifact_retention_days: input.artifactRetentionDays })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? organizationOf(row) : null;
  }

  async findBySlug(slug: string): Promise<Organization | null> {
    const row = await this.database.db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? organizationOf(row) : null;
  }

  async list(): Promise<Organization[]> {
    return (await this.database.db.selectFrom('organizations').selectAll().orderBy('slug').execute()).map(organizationOf);
  }

  async listForUser(userId: string): Promise<OrganizationMembership[]> {
    const rows = await this.database.db
      .selectFrom('memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .selectAll('o')
      .select('m.role')
      .where('m.user_id', '=', userId)
      .orderBy('o.slug')
      .execute();
    return rows.map((row) => ({ organization: organizationOf(row), role: row.role }));
  }

  private members(organizationId: string) {
    return this.database.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email', 'u.name', 'm.role'])
      .where('m.organization_id', '=', organizationId);
  }

  async listMembers(organizationId: string): Promise<Member[]> {
    return (await this.members(organizationId).orderBy('u.email').execute()).map(memberOf);
  }

  async findMember(organizationId: string, userId: string): Promise<Member | null> {
    const row = await this.members(organizationId).where('m.user_id', '=', userId).executeTakeFirst();
    return row ? memberOf(row) : null;
  }

  async countAdmins(organizationId: string): Promise<number> {
    const row = await this.database.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<string>().as('admins'))
      .where('organization_id', '=', organizationId)
      .where('role', '=', 'ADMIN')
      .executeTakeFirstOrThrow();
    return Number(row.admins);
  }

  async setMember(organizationId: string, userId: string, role: MembershipRole): Promise<Member> {
    await this.database.db
      .insertInto('memberships')
      .values({ organization_id: organizationId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    return (await this.findMember(organizationId, userId)) as Member;
  }

  async removeMember(organizationId: string, userId: string): Promise<void> {
    await this.database.db.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  }
}

function memberOf(row: { user_id: string; email: string; name: string; role: MembershipRole }): Member {
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role };
}
