import type { ShareLink } from '@stowage/contracts';
import { describeShareScope, describeShareTarget, formatUtcMinute, mayRevokeShareLink, revokeShareLinkConfirmation, shareLinkStatus, shareTargetOf, sortShareLinks } from './share-link-rules';

const link = (over: Partial<ShareLink> = {}): ShareLink => ({
  id: '00000000-0000-4000-8000-000000000001',
  createdBy: { id: 'user-ada', name: 'Ada', email: 'ada@example.com' },
  target: { jobNumber: 12 },
  nodeIndex: null,
  path: '',
  note: null,
  state: 'active',
  expiresAt: '2026-01-08T00:00:00.000Z',
  revokedAt: null,
  useCount: 0,
  lastUsedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('what a link covers', () => {
  test('a fixed job by number, a stream by name and branch', () => {
    expect(describeShareTarget({ jobNumber: 12 })).toBe('job #12');
    expect(describeShareTarget({ stream: { name: 'build', branch: 'release/2.x' } })).toBe('newest successful “build” on release/2.x');
  });

  test('everything or one path, in one container or all', () => {
    expect(describeShareScope({ nodeIndex: null, path: '' })).toBe('everything, all containers');
    expect(describeShareScope({ nodeIndex: 1, path: '' })).toBe('everything, container 1');
    expect(describeShareScope({ nodeIndex: 0, path: 'dist/app.js' })).toBe('dist/app.js, container 0');
  });

  test('the revoke confirmation names the scope and the job, and says it is final', () => {
    const confirmation = revokeShareLinkConfirmation(link({ target: { stream: { name: 'build', branch: 'main' } }, nodeIndex: 0, path: 'dist' }));
    expect(confirmation.body).toBe('The link to dist, container 0 of newest successful “build” on main stops working at once: whoever holds it gets “not found”. This cannot be undone.');
    expect(confirmation.confirmLabel).toBe('Revoke link');
  });
});

describe('status', () => {
  const now = new Date('2026-01-05T00:00:00Z');

  test("the API's state, except an active link whose expiry has passed since it was listed", () => {
    expect(shareLinkStatus(link(), now)).toBe('active');
    expect(shareLinkStatus(link({ expiresAt: '2026-01-05T00:00:00.000Z' }), now)).toBe('expired');
    expect(shareLinkStatus(link({ state: 'revoked', expiresAt: '2026-01-01T00:00:00.000Z' }), now)).toBe('revoked');
    expect(shareLinkStatus(link({ state: 'expired' }), now)).toBe('expired');
  });

  test('working links first, each group newest first', () => {
    const links = [
      link({ id: 'a', state: 'revoked', createdAt: '2026-01-04T00:00:00.000Z' }),
      link({ id: 'b', createdAt: '2026-01-01T00:00:00.000Z' }),
      link({ id: 'c', state: 'expired', createdAt: '2026-01-02T00:00:00.000Z' }),
      link({ id: 'd', createdAt: '2026-01-03T00:00:00.000Z' }),
    ];
    expect(sortShareLinks(links).map((l) => l.id)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('who may revoke', () => {
  test('its creator or an admin, while it works', () => {
    expect(mayRevokeShareLink(link(), { userId: 'user-ada', admin: false })).toBe(true);
    expect(mayRevokeShareLink(link(), { userId: 'user-bob', admin: false })).toBe(false);
    expect(mayRevokeShareLink(link(), { userId: 'user-bob', admin: true })).toBe(true);
    expect(mayRevokeShareLink(link(), { userId: null, admin: false })).toBe(false);
    expect(mayRevokeShareLink(link({ state: 'revoked' }), { userId: 'user-ada', admin: true })).toBe(false);
    expect(mayRevokeShareLink(link({ state: 'expired' }), { userId: 'user-ada', admin: false })).toBe(false);
  });
});

describe('the target the dialog asks for', () => {
  test('this job, or the stream of its name on a named branch', () => {
    expect(shareTargetOf({ kind: 'job', jobNumber: 7 })).toEqual({ jobNumber: 7 });
    expect(shareTargetOf({ kind: 'stream', name: 'build', branch: ' main ' })).toEqual({ stream: { name: 'build', branch: 'main' } });
    expect(shareTargetOf({ kind: 'stream', name: 'build', branch: '  ' })).toBeNull();
  });
});

test('expiries read as an exact UTC minute', () => {
  expect(formatUtcMinute('2026-01-08T09:05:59.000Z')).toBe('2026-01-08 09:05 UTC');
});
