import { DomainError } from '../errors';
import type { MembershipRole, ProjectTokenScopeRecord, ProjectWithOrganization } from '../model';
import { authorizeOrganization, authorizeProject, maySkipStoredBytes, requireUser } from './access-policy';
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
  defaultBranch: 'main',
  createdAt: T0,
  organization: acme,
});
const APP = project('project-private', 'app', true);
const LIB = project('project-public', 'lib', false);

const user = (userId: string): Principal => ({ kind: 'user', userId });
const token = (projectId: string, scope: ProjectTokenScopeRecord): Principal => ({ kind: 'project-token', projectId, scope, tokenId: `tok-${projectId}-${scope}`, userId: 'user-admin' });
const principals = {
  anonymous: ANONYMOUS,
  outsider: user('user-outsider'),
  uploadToken: token(APP.id, 'UPLOAD'),
  readToken: token(APP.id, 'READ'),
  uploadReadToken: token(APP.id, 'UPLOAD_READ'),
  otherReadToken: token('project-other', 'READ'),
  otherUploadToken: token('project-other', 'UPLOAD'),
  otherUploadReadToken: token('project-other', 'UPLOAD_READ'),
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
  it.each(['anonymous', 'outsider', 'otherReadToken', 'otherUploadToken', 'otherUploadReadToken'] as const)('hides a private project from %s as not_found for read, upload and admin', (who) => {
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

  it('lets an upload-read token read and upload its own private project', () => {
    expect(() => authorizeProject(APP, null, principals.uploadReadToken, 'read')).not.toThrow();
    expect(() => authorizeProject(APP, null, principals.uploadReadToken, 'upload')).not.toThrow();
  });

  it('refuses an upload-read token administering its own project as forbidden', () => {
    expect(refusal(decideProject(APP, null, principals.uploadReadToken, 'admin')).kind).toBe('forbidden');
  });

  it('hides other private projects from an upload-read token, and refuses its upload to a public one as forbidden', () => {
    const other = project('project-other-private', 'other', true);
    for (const permission of ['read', 'upload'] as const) {
      expect(refusal(decideProject(other, null, principals.uploadReadToken, permission)).kind).toBe('not_found');
    }
    expect(refusal(decideProject(LIB, null, principals.uploadReadToken, 'upload')).kind).toBe('forbidden');
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

describe('maySkipStoredBytes', () => {
  // Being told "already stored" reveals that the project holds those bytes: only readers may learn it.
  const cases: Array<{ who: string; role: MembershipRole | null; principal: Principal; projectId: string; may: boolean }> = [
    { who: 'a member of the project\'s organization', role: 'MEMBER', principal: user('user-member'), projectId: APP.id, may: true },
    { who: 'an admin of the project\'s organization', role: 'ADMIN', principal: user('user-admin'), projectId: APP.id, may: true },
    { who: 'a personal token of a member', role: 'MEMBER', principal: { kind: 'user', userId: 'user-member', tokenId: 'tok-personal' }, projectId: APP.id, may: true },
    { who: 'an upload-read token of this project', role: null, principal: principals.uploadReadToken, projectId: APP.id, may: true },
    { who: 'an upload-only token of this project', role: null, principal: principals.uploadToken, projectId: APP.id, may: false },
    { who: 'an upload-only token of this public project', role: null, principal: token(LIB.id, 'UPLOAD'), projectId: LIB.id, may: false },
    { who: 'a read-only token of this project', role: null, principal: principals.readToken, projectId: APP.id, may: false },
    { who: 'an upload-read token of another project', role: null, principal: principals.otherUploadReadToken, projectId: APP.id, may: false },
    { who: 'an upload-read token of another project, on a public project', role: null, principal: principals.otherUploadReadToken, projectId: LIB.id, may: false },
    { who: 'an outsider (no role)', role: null, principal: principals.outsider, projectId: LIB.id, may: false },
    { who: 'an anonymous caller', role: null, principal: ANONYMOUS, projectId: LIB.id, may: false },
  ];
  it.each(cases)('$who: $may', ({ role, principal, projectId, may }) => {
    expect(maySkipStoredBytes(role, principal, projectId)).toBe(may);
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
