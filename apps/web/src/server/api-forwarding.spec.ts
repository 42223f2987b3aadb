import { apiForwardingTarget, forwardingOf } from './api-forwarding';

describe('apiForwardingTarget', () => {
  test.each([
    '/api/v2/project/gh%2Facme%2Fapp/7/artifacts',
    '/api/v2/project/gh%2facme%2fapp/7/artifacts',
    '/api/v2/project/gh/acme%2Fapp/7/artifacts',
    '/output/job/0b7c/artifacts/0/a%2Fb%20c.txt',
  ])('keeps %s, escaped slashes included, byte for byte', (pathname) => {
    // As the web app receives it: the URL parser leaves %2F alone, and so must the forwarding.
    const received = new URL(`http://web.test${pathname}?page-token=a%2Bb.c`);
    const target = apiForwardingTarget(received.pathname, received.search, 'http://api.internal:3000');
    expect(target.toString()).toBe(`http://api.internal:3000${pathname}?page-token=a%2Bb.c`);
  });
});

describe('forwardingOf', () => {
  test.each([
    '/api/stowage/v1/me',
    '/output/job/0b7c/artifacts/0/a.txt',
    '/cli/stowage-linux-x64',
    '/s/shr_abc/listing',
    '/s/shr_abc/archive.zip',
    '/s/shr_abc/files/0/dist/app.js',
    '/s/shr_abc/files/0/a%2Fb',
  ])('forwards %s to the API', (pathname) => {
    expect(forwardingOf(pathname)).toBe('api');
  });

  test.each(['/s/shr_abc', '/s/shr_abc/'])('renders %s as the share page', (pathname) => {
    expect(forwardingOf(pathname)).toBe('share-page');
  });

  test.each(['/s/shr_abc/files/', '/s/shr_abc/other', '/s/shr_abc/listing/extra', '/share/x', '/apis', '/acme/github/app'])('leaves %s to the app', (pathname) => {
    expect(forwardingOf(pathname)).toBe('none');
  });

  test('keeps a share link file path byte for byte', () => {
    const received = new URL('http://web.test/s/shr_abc/files/0/my+dir/a%2Bb?x=1');
    expect(apiForwardingTarget(received.pathname, received.search, 'http://api.internal:3000').toString()).toBe('http://api.internal:3000/s/shr_abc/files/0/my+dir/a%2Bb?x=1');
  });
});
