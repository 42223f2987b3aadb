import { explainMemberFailure, memberDisplayName, otherRole, removeMemberConfirmation, roleChangeConfirmation, roleChangeLabel } from './member-rules';

const member = { userId: 'u1', email: 'member@stowage.local', name: 'Demo Member', role: 'member' as const };
const admin = { userId: 'u2', email: 'admin@e2e.test', name: 'E2E Admin', role: 'admin' as const };

describe('memberDisplayName', () => {
  it('names a person with their address, or the address alone', () => {
    expect(memberDisplayName(member)).toBe('Demo Member (member@stowage.local)');
    expect(memberDisplayName({ email: 'a@b.test', name: '' })).toBe('a@b.test');
    expect(memberDisplayName({ email: 'a@b.test', name: 'A@B.test' })).toBe('a@b.test');
  });
});

describe('role changes', () => {
  it('flips between the two roles', () => {
    expect(otherRole('admin')).toBe('member');
    expect(otherRole('member')).toBe('admin');
    expect(roleChangeLabel('member')).toBe('Make admin');
    expect(roleChangeLabel('admin')).toBe('Make member');
  });

  it('asks before an admin demotes themselves, and only then', () => {
    expect(roleChangeConfirmation(admin, true)?.title).toBe('Stop being an admin?');
    expect(roleChangeConfirmation(admin, false)).toBeNull();
    expect(roleChangeConfirmation(member, false)).toBeNull();
    expect(roleChangeConfirmation(member, true)).toBeNull();
  });
});

describe('removeMemberConfirmation', () => {
  it('names the person and the organization', () => {
    const confirmation = removeMemberConfirmation(member, 'Demo Organization', false);
    expect(confirmation.title).toBe('Remove Demo Member?');
    expect(confirmation.body).toContain('Demo Member (member@stowage.local) will be removed from Demo Organization at once');
    expect(confirmation.confirmLabel).toBe('Remove member');
  });

  it('says so when you remove yourself', () => {
    const confirmation = removeMemberConfirmation(admin, 'Demo Organization', true);
    expect(confirmation.title).toBe('Leave this organization?');
    expect(confirmation.body).toContain('You (admin@e2e.test)');
  });
});

describe('explainMemberFailure', () => {
  it('explains an unknown account, and leaves other failures to the API', () => {
    expect(explainMemberFailure({ status: 404, code: 'not_found', message: 'user nobody@x.test not found' }, 'nobody@x.test')).toMatch(
      /^No Stowage account uses nobody@x.test/,
    );
    expect(explainMemberFailure({ status: 409, code: 'conflict', message: 'an organization keeps at least one admin' })).toBeUndefined();
    expect(explainMemberFailure({ status: 404, code: 'not_found', message: 'member not found' }, 'a@b.test')).toBeUndefined();
  });
});
