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
      { label: 'Usage Controls', href: '/demo/settings/usage' },
    ]);
    expect(breadcrumbTrail('/settings/tokens')).toEqual([{ label: 'Personal API tokens', href: '/settings/tokens' }]);
  });

  it('has nothing to show at home or on the sign-in page', () => {
    expect(breadcrumbTrail('/')).toEqual([]);
    expect(breadcrumbTrail('/sign-in')).toEqual([]);
  });
});
