import { breadcrumbTrail } from './breadcrumb-trail';

describe('breadcrumbTrail', () => {
  it('walks organization › project › job', () => {
    expect(breadcrumbTrail('/demo/github/app/jobs/12/artifacts')).toEqual([
      { label: 'demo', href: '/demo' },
      { label: 'app', href: '/demo/github/app' },
      { label: 'Job #12', href: '/demo/github/app/jobs/12' },
    ]);
  });

  it('names the settings pages', () => {
    expect(breadcrumbTrail('/demo/settings/usage')).toEqual([
      { label: 'demo', href: '/demo' },
      { label: 'Plan', href: '/demo/settings/usage' },
      { label: 'Usage Controls', href: '/demo/settings/usage' },
    ]);
    expect(breadcrumbTrail('/settings/tokens')).toEqual([{ label: 'Personal API tokens', href: '/settings/tokens' }]);
    expect(breadcrumbTrail('/demo/settings/members').at(-1)).toEqual({ label: 'Members', href: '/demo/settings/members' });
    expect(breadcrumbTrail('/demo/settings/projects').at(-1)).toEqual({ label: 'Projects', href: '/demo/settings/projects' });
  });

  it("names a project's token settings", () => {
    expect(breadcrumbTrail('/demo/github/app/settings/tokens')).toEqual([
      { label: 'demo', href: '/demo' },
      { label: 'app', href: '/demo/github/app' },
      { label: 'Project tokens', href: '/demo/github/app/settings/tokens' },
    ]);
  });

  it('finds no label for inherited property names', () => {
    expect(breadcrumbTrail('/demo/settings/constructor')).toEqual([{ label: 'demo', href: '/demo' }]);
    expect(breadcrumbTrail('/demo/settings/__proto__')).toEqual([{ label: 'demo', href: '/demo' }]);
    expect(breadcrumbTrail('/demo/github/app/settings/toString')).toHaveLength(2);
  });

  it('has nothing to show at home or on the sign-in page', () => {
    expect(breadcrumbTrail('/')).toEqual([]);
    expect(breadcrumbTrail('/sign-in')).toEqual([]);
  });
});
