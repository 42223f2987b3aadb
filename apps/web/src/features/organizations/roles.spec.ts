import { isAdmin, isMember, orgSettingsLinks, planLinks, roleLabel } from './roles';

describe('role gating', () => {
  it('recognises admins and members, never visitors', () => {
    expect(isAdmin('admin')).toBe(true);
    expect(isAdmin('member')).toBe(false);
    expect(isAdmin(null)).toBe(false);
    expect(isMember('member')).toBe(true);
    expect(isMember('admin')).toBe(true);
    expect(isMember(null)).toBe(false);
    expect(isMember(undefined)).toBe(false);
  });

  it('labels roles', () => {
    expect(roleLabel('admin')).toBe('Admin');
    expect(roleLabel('member')).toBe('Member');
  });
});

describe('orgSettingsLinks', () => {
  it('gives admins Plan, Members, Projects and Share links', () => {
    expect(orgSettingsLinks('demo', 'admin')).toEqual([
      { section: 'plan', label: 'Plan', href: '/demo/settings/usage' },
      { section: 'members', label: 'Members', href: '/demo/settings/members' },
      { section: 'projects', label: 'Projects', href: '/demo/settings/projects' },
      { section: 'share-links', label: 'Share links', href: '/demo/settings/share-links' },
    ]);
  });

  it('gives members the pages they may read, and visitors none', () => {
    expect(orgSettingsLinks('demo', 'member').map((link) => link.section)).toEqual(['plan', 'members', 'share-links']);
    expect(orgSettingsLinks('demo', null)).toEqual([]);
  });
});

describe('planLinks', () => {
  it('leads from Plan to Usage Controls, as CircleCI\'s docs say ("Plan > Usage Controls")', () => {
    expect(planLinks('demo')).toEqual([{ page: 'usage', label: 'Usage Controls', href: '/demo/settings/usage' }]);
    expect(orgSettingsLinks('demo', 'member')[0]).toMatchObject({ label: 'Plan', href: planLinks('demo')[0].href });
  });
});
