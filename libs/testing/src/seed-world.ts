import crypto from 'node:crypto';
import type { Project, ProjectTokenScope } from '@stowage/contracts';
import type { Platform } from '@stowage/server-core';

const unique = () => crypto.randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct-horse-battery';

/**
 * A world with every kind of caller the access rules distinguish: an admin and a member of one
 * organization, an outsider who belongs to another, a public and a private project, and project
 * tokens of each scope (plus one of another project, and a revoked one).
 */
export async function seedWorld(platform: Platform) {
  const { admin: operator } = platform;
  const suffix = unique();
  const organization = await operator.createOrganization({ slug: `acme-${suffix}`, name: 'Acme' });
  const otherOrganization = await operator.createOrganization({ slug: `other-${suffix}`, name: 'Other' });
  const admin = await operator.createUser({ email: `admin-${suffix}@acme.test`, name: 'Ada Admin', password: TEST_PASSWORD });
  const member = await operator.createUser({ email: `member-${suffix}@acme.test`, name: 'Max Member', password: TEST_PASSWORD });
  const outsider = await operator.createUser({ email: `outsider-${suffix}@other.test`, name: 'Olga Outsider', password: TEST_PASSWORD });
  await operator.grantMembership({ organization: organization.slug, email: admin.email, role: 'admin' });
  await operator.grantMembership({ organization: organization.slug, email: member.email, role: 'member' });
  await operator.grantMembership({ organization: otherOrganization.slug, email: outsider.email, role: 'admin' });
  const privateProject = await operator.provisionProject({ organization: organization.slug, vcsType: 'github', name: 'private-app', isPrivate: true });
  const publicProject = await operator.provisionProject({ organization: organization.slug, vcsType: 'github', name: 'public-app', isPrivate: false });
  const otherProject = await operator.provisionProject({ organization: otherOrganization.slug, vcsType: 'github', name: 'elsewhere', isPrivate: true });

  const personal = async (email: string) => (await operator.issuePersonalToken({ email, name: 'test' })).secret;
  const projectToken = async (project: typeof privateProject, scope: ProjectTokenScope) =>
    (await issueProjectToken(platform, project, scope, admin.email, `${scope}-token`)).secret;
  const revoked = await operator.issuePersonalToken({ email: admin.email, name: 'revoked' });
  await operator.revokeUserToken({ email: admin.email, tokenId: revoked.id });

  return {
    organization,
    otherOrganization,
    users: { admin, member, outsider },
    // With their organization's id, for tests that compute storage keys.
    projects: {
      private: { ...privateProject, organizationId: organization.id },
      public: { ...publicProject, organizationId: organization.id },
      other: { ...otherProject, organizationId: otherOrganization.id },
    },
    slugs: {
      private: `gh/${organization.slug}/private-app`,
      public: `gh/${organization.slug}/public-app`,
      other: `gh/${otherOrganization.slug}/elsewhere`,
    },
    tokens: {
      admin: await personal(admin.email),
      member: await personal(member.email),
      outsider: await personal(outsider.email),
      privateUpload: await projectToken(privateProject, 'upload'),
      privateRead: await projectToken(privateProject, 'read'),
      privateUploadRead: await projectToken(privateProject, 'upload-read'),
      publicUpload: await projectToken(publicProject, 'upload'),
      otherProjectUpload: await projectToken(otherProject, 'upload'),
      revoked: revoked.secret,
    },
  };
}
export type TestWorld = Awaited<ReturnType<typeof seedWorld>>;

/** A project token for a project as the world describes it (owned by `ownerEmail`), for tests that need one more. */
export function issueProjectToken(platform: Platform, project: Project, scope: ProjectTokenScope, ownerEmail: string, name: string) {
  const ref = { vcsType: project.vcsType, organization: project.organization, project: project.name };
  return platform.admin.issueProjectToken({ project: ref, owner: ownerEmail, scope, name });
}
