import { OrganizationSlugSchema, RESERVED_ORGANIZATION_SLUGS, isReservedOrganizationSlug } from './organization-slug';
import { CreateOrganizationRequestSchema } from './resources';

describe('reserved organization slugs', () => {
  test.each(['settings', 'Settings', 'SIGN-IN', 'api', 'Output', 'cli', '_next', 'icon.svg', 'FAVICON.ICO', 'robots.txt'])(
    '%s is reserved, whatever its case',
    (slug) => {
      expect(isReservedOrganizationSlug(slug)).toBe(true);
    },
  );

  test.each(['acme', 'settings2', 'api-team', 'sign', 'clients', 'outputs'])('%s is free', (slug) => {
    expect(isReservedOrganizationSlug(slug)).toBe(false);
    expect(OrganizationSlugSchema.parse(slug)).toBe(slug);
  });

  test('a new organization named like a route is refused with a message that lists every reserved name', () => {
    const result = OrganizationSlugSchema.safeParse('Settings');
    expect(result.success).toBe(false);
    const message = result.error!.issues[0].message;
    expect(message).toContain('"Settings" is reserved');
    for (const name of RESERVED_ORGANIZATION_SLUGS) expect(message).toContain(name);
  });

  test('still refuses what is no slug at all, with the slug message', () => {
    expect(OrganizationSlugSchema.safeParse('a/b').error!.issues[0].message).toContain('letters, digits');
  });

  test('the create-organization request uses the rule', () => {
    expect(CreateOrganizationRequestSchema.safeParse({ slug: 'API', name: 'x' }).success).toBe(false);
    expect(CreateOrganizationRequestSchema.safeParse({ slug: 'acme', name: 'x' }).success).toBe(true);
  });

  test('the list is written in lower case, as it is compared', () => {
    for (const name of RESERVED_ORGANIZATION_SLUGS) expect(name).toBe(name.toLowerCase());
  });
});
