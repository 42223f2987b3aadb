import { DEFAULT_RETENTION_DAYS, OrganizationSlugSchema } from '@stowage/contracts';
import { conflict, invalidInput } from '@stowage/domain';
import type { ServerContext } from '../../server-context';
import { organizationView } from '../organizations/organization.view';

/** Every way an organization comes to exist passes here, so no new slug can shadow a route of the web app. */
export async function createOrganization(ctx: Pick<ServerContext, 'organizations'>, input: { slug: string; name: string; retentionDays?: number }) {
  const slug = OrganizationSlugSchema.safeParse(input.slug);
  if (!slug.success) throw invalidInput(`organization slug: ${slug.error.issues[0].message}`);
  const organization = await ctx.organizations.create({ slug: input.slug, name: input.name, artifactRetentionDays: input.retentionDays ?? DEFAULT_RETENTION_DAYS });
  if (!organization) throw conflict(`organization ${input.slug} already exists`);
  return organizationView(organization, null);
}
