import { apiForwardingTarget } from './api-forwarding';

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
