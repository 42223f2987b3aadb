import { DomainError } from '../errors';
import type { MembershipRole, ProjectWithOrganization } from '../model';
import { authorizeOrganization, authorizeProject, requireUser } from './access-policy';
import { ANONYMOUS, type Principal, type ProjectPermission } from './principal';

// The rules over the facts the access repository reads (project, organization, the caller's role).
// The cases are those the old AccessService's tests proved; the same rules against the repository
// are in libs/server/core's require-access.spec.ts and, over HTTP, the API's authorization matrix.

const T0 = new Date('2026-03-01T12:00:00Z');
const acme = { id: 'org-acme', slug: 'acme', name: 'Acme', artifactRetentionDays: 30, createdAt: T0 };
const project = (id: string, name: string, isPrivate: boolean): ProjectWithOrganization => ({
  id,
  organizationId: acme.id,
  vcsType: 'GITHUB',
  name,
  isPrivate,
  createdAt: T0,
  organization: acme,
});
const APP = project('project-private', 'app', true);
const LIB = project('project-public', 'lib', false);

const user = (userId: string): Principal => ({ kind: 'user', userId });
const token = (projectId: string, scope: 'UPLOAD' | 'READ'): Principal => ({ kind: 'project-token', projectId, scope, tokenId: `tok-${projectId}-${scope}`, userId: 'user-admin' });
const principals = {
  anonymous: ANONYMOUS,
  outsider: user('user-outsider'),
  uploadToken: token(APP.id, 'UPLOAD'),
  readToken: token(APP.id, 'READ'),
  otherReadToken: token('project-other', 'READ'),
  otherUploadToken: token('project-other', 'UPLOAD'),
};

/** The DomainError `decide` throws (fails the test when it passes). */
function refusal(decide: () => void): DomainError {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but access was granted');
}
const decideProject = (p: ProjectWithOrganization, role: MembershipRole | null, principal: Principal, permission: ProjectPermission) => () =>
  authorizeProject(p, role, principal, permission);

describe('authorizeProject', () => {
  it.each(['anonymous', 'outsider', 'otherReadToken', 'otherUploadToken'] as const)('hides a private project from %s as not_found for read, upload and admin', (who) => {
    for (const permission of ['read', 'upload', 'admin'] as const) {
      const error = refusal(decideProject(APP, null, principals[who], permission));
      expect({ permission, kind: error.kind, message: error.message }).toEqual({ permission, kind: 'not_found', message: 'project acme/app not found' });
    }
  });

  it('lets members and admins read a private project', () => {
    expect(() => authorizeProject(APP, 'MEMBER', user('user-member'), 'read')).not.toThrow();
    expect(() => authorizeProject(APP, 'ADMIN', user('user-admin'), 'read')).not.toThrow();
  });

  it('lets anyone read a public project, including anonymous callers, outsiders and tokens of other projects', () => {
    for (const principal of [principals.anonymous, principals.outsider, principals.otherReadToken]) {
      expect(() => authorizeProject(LIB, null, principal, 'read')).not.toThrow();
    }
  });

  it('refuses an anonymous upload to a public project as unauthorized', () => {
    expect(refusal(decideProject(LIB, null, ANONYMOUS, 'upload')).kind).toBe('unauthorized');
  });

  it('refuses an outsider upload to a public project as forbidden', () => {
    expect(refusal(decideProject(LIB, null, principals.outsider, 'upload')).kind).toBe('forbidden');
  });

  it('refuses a token of another project uploading to a public project as forbidden', () => {
    expect(refusal(decideProject(LIB, null, principals.otherUploadToken, 'upload')).kind).toBe('forbidden');
  });

  it('lets an upload-scope token upload to its own private project', () => {
    expect(() => authorizeProject(APP, null, principals.uploadToken, 'upload')).not.toThrow();
  });

  it('refuses an upload-scope token reading its own private project as forbidden (it knows the project exists)', () => {
    const error = refusal(decideProject(APP, null, principals.uploadToken, 'read'));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind: 'forbidden', message: 'this token may not read this project' });
  });

  it('lets a read-scope token read its own private project', () => {
    expect(() => authorizeProject(APP, null, principals.readToken, 'read')).not.toThrow();
  });

  it('refuses a read-scope token uploading to its own project as forbidden', () => {
    expect(refusal(decideProject(APP, null, principals.readToken, 'upload')).kind).toBe('forbidden');
  });

  it('hides other private projects from a read-scope token, even in the same organization', () => {
    const other = project('project-other-private', 'other', true);
    expect(refusal(decideProject(other, null, principals.readToken, 'read')).kind).toBe('not_found');
  });

  it('does not give a project token its creator\'s admin role', () => {
    // The token's creator is an admin, but a token has no role: the repository reads none for it.
    expect(refusal(decideProject(APP, null, principals.readToken, 'admin')).kind).toBe('forbidden');
  });

  it('lets a member upload but not administer', () => {
    expect(() => authorizeProject(APP, 'MEMBER', user('user-member'), 'upload')).not.toThrow();
    const error = refusal(decideProject(APP, 'MEMBER', user('user-member'), 'admin'));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind: 'forbidden', message: 'only organization admins may do this' });
  });

  it('lets an admin administer', () => {
    expect(() => authorizeProject(APP, 'ADMIN', user('user-admin'), 'admin')).not.toThrow();
  });
});

describe('authorizeOrganization', () => {
  const secretive = { slug: 'secretive', hasPublicProject: false };
  const open = { slug: 'acme', hasPublicProject: true };

  it('hides an organization with only private projects from outsiders and anonymous callers', () => {
    expect(refusal(() => authorizeOrganization(secretive, null, ANONYMOUS, 'read')).kind).toBe('not_found');
    const error = refusal(() => authorizeOrganization(secretive, null, principals.outsider, 'read'));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind: 'not_found', message: 'organization secretive not found' });
  });

  it('shows an organization with a public project to anyone for reading', () => {
    expect(() => authorizeOrganization(open, null, ANONYMOUS, 'read')).not.toThrow();
  });

  it('refuses an outsider member-level access to an organization they can see as forbidden, and anonymous as unauthorized', () => {
    expect(refusal(() => authorizeOrganization(open, null, principals.outsider, 'member')).kind).toBe('forbidden');
    expect(refusal(() => authorizeOrganization(open, null, ANONYMOUS, 'member')).kind).toBe('unauthorized');
  });

  it('lets a member in as member but not as admin, and an admin as admin', () => {
    expect(() => authorizeOrganization(secretive, 'MEMBER', user('user-member'), 'member')).not.toThrow();
    expect(refusal(() => authorizeOrganization(secretive, 'MEMBER', user('user-member'), 'admin')).kind).toBe('forbidden');
    expect(() => authorizeOrganization(secretive, 'ADMIN', user('user-admin'), 'admin')).not.toThrow();
  });
});

describe('requireUser', () => {
  it('returns the user id of a user, refuses anonymous as unauthorized and a project token as forbidden', () => {
    expect(requireUser(user('user-member'))).toBe('user-member');
    expect(refusal(() => requireUser(ANONYMOUS)).kind).toBe('unauthorized');
    expect(refusal(() => requireUser(principals.uploadToken)).kind).toBe('forbidden');
  });
});
