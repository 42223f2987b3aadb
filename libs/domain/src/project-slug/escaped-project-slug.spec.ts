import { unescapeProjectSlugPath } from './escaped-project-slug';

// The tails of the v2 routes under /api/v2/project/:vcs/:org/:project (one today: the artifacts listing).
const ARTIFACTS = [[':jobNumber', 'artifacts']];

describe('unescapeProjectSlugPath', () => {
  test.each([
    'gh/acme/app/123/artifacts',
    'svn/acme/app/123/artifacts',
    'gh/acme/app/a%20b/artifacts',
    'gh/acme/%252F/123/artifacts',
  ])('leaves %s, which has no escaped slash, to the router', (path) => {
    expect(unescapeProjectSlugPath(path, ARTIFACTS)).toEqual({ kind: 'plain' });
  });

  test.each([
    ['gh%2Facme%2Fapp/123/artifacts', 'gh/acme/app/123/artifacts'],
    ['gh%2facme%2fapp/123/artifacts', 'gh/acme/app/123/artifacts'],
    ['gh%2Facme%2fapp/123/artifacts', 'gh/acme/app/123/artifacts'],
    ['gh/acme%2Fapp/123/artifacts', 'gh/acme/app/123/artifacts'],
    ['gh%2facme/app/123/artifacts', 'gh/acme/app/123/artifacts'],
    ['gh%2Facme%2Fapp/123/artifacts/', 'gh/acme/app/123/artifacts/'],
    ['gh%2Facme%2Fapp/123/ARTIFACTS', 'gh/acme/app/123/ARTIFACTS'],
    // Other escapes are the router's to decode, as in the plain form.
    ['gh%2Fac%2Dme%2Fapp/123/artifacts', 'gh/ac%2Dme/app/123/artifacts'],
    // An unknown VCS is the route's 400, as in the plain form: only the shape is judged here.
    ['svn%2Facme%2Fapp/123/artifacts', 'svn/acme/app/123/artifacts'],
  ])('unescapes %s to %s', (path, expected) => {
    expect(unescapeProjectSlugPath(path, ARTIFACTS)).toEqual({ kind: 'unescaped', path: expected });
  });

  test('a path that names no v2 route keeps a three-part slug, for the router to answer 404', () => {
    expect(unescapeProjectSlugPath('gh%2Facme%2Fapp/123/tests', ARTIFACTS)).toEqual({ kind: 'unescaped', path: 'gh/acme/app/123/tests' });
  });

  test('the slug ends where the route that leaves it three parts begins', () => {
    const tails = [[':jobNumber', 'artifacts'], ['pipeline'], []];
    expect(unescapeProjectSlugPath('gh%2Facme%2Fapp/pipeline', tails)).toEqual({ kind: 'unescaped', path: 'gh/acme/app/pipeline' });
    expect(unescapeProjectSlugPath('gh%2Facme%2Fapp', tails)).toEqual({ kind: 'unescaped', path: 'gh/acme/app' });
    expect(unescapeProjectSlugPath('gh%2Facme/app/7/artifacts', tails)).toEqual({ kind: 'unescaped', path: 'gh/acme/app/7/artifacts' });
  });

  test.each([
    ['gh%2Facme/123/artifacts', /project slug "gh\/acme" has 2 parts/],
    ['gh%2Facme', /project slug "gh\/acme" has 2 parts/],
    ['gh%2Facme/app/extra/123/artifacts', /project slug "gh\/acme\/app\/extra" has 4 parts/],
    ['gh%2Facme%2Fapp%2F123/artifacts', /escaped slash \(%2F\) runs past the project slug's three parts .*"gh\/acme\/app" is followed by "%2F123"/],
    ['gh/acme/app/123%2fartifacts', /runs past the project slug's three parts .*"gh\/acme\/app" is followed by "%2Fartifacts"/],
    ['gh/acme/app%2F123/artifacts', /runs past/],
    ['gh%2F%2Fapp/123/artifacts', /project slug "gh\/\/app" has an empty part/],
    ['%2Facme%2Fapp/123/artifacts', /has an empty part/],
  ])('refuses %s, saying why', (path, reason) => {
    const result = unescapeProjectSlugPath(path, ARTIFACTS);
    expect(result).toEqual({ kind: 'malformed', message: expect.stringMatching(reason) });
  });
});
