import { appPaths, parseJobNumber, parseProjectRoute, safeReturnPath, vcsFromSegment } from './app-paths';

describe('appPaths', () => {
  const route = { org: 'demo', vcs: 'github', project: 'app' } as const;

  it('builds job list URLs with filters and the page token in the query string', () => {
    expect(appPaths.project(route)).toBe('/demo/github/app');
    expect(appPaths.project(route, { branch: 'feature/x', status: 'failed', pageToken: 'abc' })).toBe(
      '/demo/github/app?branch=feature%2Fx&status=failed&page=abc',
    );
  });

  it('addresses the Artifacts tab of a job', () => {
    expect(appPaths.jobArtifacts(route, 7)).toBe('/demo/github/app/jobs/7/artifacts');
  });

  it('addresses the Compare tab, with the base and the matching in the query string', () => {
    expect(appPaths.jobCompare(route, 7)).toBe('/demo/github/app/jobs/7/compare');
    expect(appPaths.jobCompare(route, 7, { base: 5, matchBy: 'path' })).toBe('/demo/github/app/jobs/7/compare?base=5&match=path');
    expect(appPaths.jobCompare(route, 7, { matchBy: 'container' })).toBe('/demo/github/app/jobs/7/compare');
  });

  it('addresses the settings pages', () => {
    expect(appPaths.members('demo')).toBe('/demo/settings/members');
    expect(appPaths.orgProjects('demo')).toBe('/demo/settings/projects');
    expect(appPaths.projectTokens(route)).toBe('/demo/github/app/settings/tokens');
  });

  it('carries where to return after signing in', () => {
    expect(appPaths.signIn('/demo/github/app')).toBe('/sign-in?next=%2Fdemo%2Fgithub%2Fapp');
    expect(appPaths.signIn('/')).toBe('/sign-in');
  });
});

describe('parseProjectRoute', () => {
  it('accepts CircleCI VCS aliases and normalises them', () => {
    expect(parseProjectRoute({ org: 'demo', vcs: 'gh', project: 'app' })).toEqual({ org: 'demo', vcs: 'github', project: 'app' });
    expect(parseProjectRoute({ org: 'demo', vcs: 'BitBucket', project: 'app' })?.vcs).toBe('bitbucket');
  });

  it('refuses what cannot name a project', () => {
    expect(parseProjectRoute({ org: 'demo', vcs: 'gitlab', project: 'app' })).toBeNull();
    expect(parseProjectRoute({ org: '..', vcs: 'github', project: 'app' })).toBeNull();
  });

  it('does not find inherited properties of the alias table', () => {
    for (const vcs of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(vcsFromSegment(vcs)).toBeUndefined();
      expect(parseProjectRoute({ org: 'demo', vcs, project: 'app' })).toBeNull();
    }
  });
});

describe('parseJobNumber', () => {
  it('accepts positive integers only', () => {
    expect(parseJobNumber('42')).toBe(42);
    expect(parseJobNumber('0')).toBeNull();
    expect(parseJobNumber('4e2')).toBeNull();
    expect(parseJobNumber('-1')).toBeNull();
    expect(parseJobNumber('99999999999')).toBeNull();
  });
});

describe('safeReturnPath', () => {
  it('keeps paths on this site', () => {
    expect(safeReturnPath('/demo/github/app?status=failed')).toBe('/demo/github/app?status=failed');
  });

  it('refuses other hosts, protocol-relative URLs and junk', () => {
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });
});
