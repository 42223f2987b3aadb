import { notFound, type Organization, type User } from '@stowage/domain';
import type { OrganizationRepository, UserRepository } from '@stowage/server-db';

/** The admin command names users by email and organizations by slug. */
export async function userByEmail(users: UserRepository, email: string): Promise<User> {
  const user = await users.findByEmail(email.toLowerCase());
  if (!user) throw notFound(`user ${email}`);
  return user;
}

export async function organizationBySlug(organizations: OrganizationRepository, slug: string): Promise<Organization> {
  const organization = await organizations.findBySlug(slug);
  if (!organization) throw notFound(`organization ${slug}`);
  return organization;
}
