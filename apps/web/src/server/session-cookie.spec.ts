import { findCookiePair, SESSION_COOKIE } from './session-cookie';

describe('findCookiePair', () => {
  it('finds the session cookie among others, untouched', () => {
    expect(findCookiePair(`theme=dark; ${SESSION_COOKIE}=a%2Bb.c; other=1`, SESSION_COOKIE)).toBe(`${SESSION_COOKIE}=a%2Bb.c`);
  });

  it('does not confuse cookies whose names share a prefix, and ignores empty values', () => {
    expect(findCookiePair(`${SESSION_COOKIE}_old=x; ${SESSION_COOKIE}=`, SESSION_COOKIE)).toBeNull();
    expect(findCookiePair(null, SESSION_COOKIE)).toBeNull();
  });
});
