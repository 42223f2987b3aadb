import { defaultExpiry, expiryChoices, looksLikeShareSecret, sharedArchiveHref, sharedFileHref, sharePageUrl } from './share-link-options';

const now = new Date('2026-01-01T00:00:00Z');

describe('expiryChoices', () => {
  test('offers 1 hour, 1 day, 7 days and 30 days, all allowed when the expiry of what is shared is unknown', () => {
    const choices = expiryChoices(now);
    expect(choices.map((c) => [c.label, c.seconds, c.allowed])).toEqual([
      ['1 hour', 3600, true],
      ['1 day', 86400, true],
      ['7 days', 604800, true],
      ['30 days', 2592000, true],
    ]);
    expect(defaultExpiry(choices)).toBe(604800);
  });

  test('rules out what would outlive the artifacts; the expiry itself is allowed', () => {
    const choices = expiryChoices(now, '2026-01-08T00:00:00Z');
    expect(choices.map((c) => c.allowed)).toEqual([true, true, true, false]);
    expect(defaultExpiry(expiryChoices(now, '2026-01-03T00:00:00Z'))).toBe(86400);
  });

  test('nothing is allowed for artifacts expiring within the hour', () => {
    const choices = expiryChoices(now, '2026-01-01T00:30:00Z');
    expect(choices.every((c) => !c.allowed)).toBe(true);
    expect(defaultExpiry(choices)).toBeNull();
  });
});

describe('share link addresses', () => {
  const secret = 'shr_AbC-d_0123456789abcdefghij';

  test("the page is on the web app's origin", () => {
    expect(sharePageUrl('https://stowage.example/', secret)).toBe(`https://stowage.example/s/${secret}`);
  });

  test('files are encoded per segment as the API decodes them; the zip sits beside them', () => {
    expect(sharedFileHref(secret, { nodeIndex: 2, path: 'my dir/a+b?.txt' })).toBe(`/s/${secret}/files/2/my+dir/a%2Bb%3F.txt`);
    expect(sharedArchiveHref(secret)).toBe(`/s/${secret}/archive.zip`);
  });

  test('only secrets shaped like the API makes them are looked up', () => {
    expect(looksLikeShareSecret(secret)).toBe(true);
    expect(looksLikeShareSecret('shr_short')).toBe(false);
    expect(looksLikeShareSecret('stw_AbC-d_0123456789abcdefghij')).toBe(false);
    expect(looksLikeShareSecret(`${secret}/..`)).toBe(false);
  });
});
