import crypto from 'node:crypto';
import type { Platform } from '@stowage/server-core';

const unique = () => crypto.randomBytes(4).toString('hex');
export const TEST_PASSWORD = 'correct-horse-battery';

/**
 * A world with every kind of caller the access rules distinguish: an admin and a member of one
 * organization, an outsider who belongs to another, a public and a private project, and project
 * tokens of each scope (plus one of another project, and a revoked one).
 */
export async function seedWorld(platform: Platform) {
  const { directory } = platform;
  const suffix = unique();
  const organization = await directory.createOrganization({ slug: `acme-${suffix}`, name: 'Acme' });
  const otherOrganization = await directory.createOrganization({ slug: `other-${suffix}`, name: 'Other' });
  const admin = await directory.createUser({ email: `admin-${suffix}@acme.test`, name: 'Ada Admin', password: TEST_PASSWORD });
  const member = await directory.createUser({ email: `member-${suffix}@acme.test`, name: 'Max Member', password: TEST_PASSWORD });
  const outsider = await directory.createUser({ email: `outsider-${suffix}@other.test`, name: 'Olga Outsider', password: TEST_PASSWORD });
  await directory.setMembership(organization.id, admin.id, 'admin');
  await directory.setMembership(organization.id, member.id, 'member');
  await directory.setMembership(otherOrganization.id, outsider.id, 'admin');
  const privateProject = await directory.createProject(organization.id, { vcsType: 'github', name: 'private-app', isPrivate: true });
  const publicProject = await directory.createProject(organization.id, { vcsType: 'github', name: 'public-app', isPrivate: false });
  const otherProject = await directory.createProject(otherOrganization.id, { vcsType: 'github', name: 'elsewhere', isPrivate: true });

  const personal = async (userId: string) => (await directory.createToken({ kind: 'personal', userId, name: 'test' })).secret;
  const projectToken = async (project: typeof privateProject, scope: 'upload' | 'read') =>
    (await directory.createToken({ kind: 'project', project, scope, userId: admin.id, name: `${scope}-token` })).secret;
  const revoked = await directory.createToken({ kind: 'personal', userId: admin.id, name: 'revoked' });
  await directory.revokeToken(revoked.token.id, { userId: admin.id });

  return {
    organization,
    otherOrganization,
    users: { admin, member, outsider },
    projects: { private: privateProject, public: publicProject, other: otherProject },
    slugs: {
      private: `gh/${organization.slug}/private-app`,
      public: `gh/${organization.slug}/public-app`,
      other: `gh/${otherOrganization.slug}/elsewhere`,
    },
    tokens: {
      admin: await personal(admin.id),
      member: await personal(member.id),
      outsider: await personal(outsider.id),
      privateUpload: await projectToken(privateProject, 'upload'),
      privateRead: await projectToken(privateProject, 'read'),
      publicUpload: await projectToken(publicProject, 'upload'),
      otherProjectUpload: await projectToken(otherProject, 'upload'),
      revoked: revoked.secret,
    },
  };
}
export type TestWorld = Awaited<ReturnType<typeof seedWorld>>;
