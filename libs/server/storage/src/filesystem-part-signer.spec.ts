import { UPLOAD_PART_PATH } from '@stowage/contracts';
import { PartUrlSigner } from './filesystem-part-signer';

const ARTIFACT = '6f1c2a34-8a9e-4c1b-9d7e-0a1b2c3d4e5f';
const NOW = new Date('2026-03-01T12:00:00Z');
const EXPIRES_AT = new Date('2026-03-01T12:15:00Z');

const signer = new PartUrlSigner('test-secret-of-reasonable-length', 'https://stowage.example');

function issue(artifactId = ARTIFACT, partNumber = 2, length = 8_388_608, expiresAt = EXPIRES_AT) {
  const url = new URL(signer.url(artifactId, partNumber, length, expiresAt));
  return { url, query: Object.fromEntries(url.searchParams) as { length: string; expires: string; signature: string } };
}

describe('PartUrlSigner', () => {
  it('issues a URL on the public base for the part endpoint with length and expiry in seconds', () => {
    const { url, query } = issue();
    expect(url.origin).toBe('https://stowage.example');
    expect(url.pathname).toBe(UPLOAD_PART_PATH.replace(':artifactId', ARTIFACT).replace(':partNumber', '2'));
    expect(query.length).toBe('8388608');
    expect(query.expires).toBe(String(EXPIRES_AT.getTime() / 1000));
    expect(query.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the URL it issued for the same artifact, part and length', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, query, NOW)).toBeNull();
  });

  it('refuses the URL for another artifact', () => {
    const { query } = issue();
    expect(signer.check('00000000-0000-4000-8000-000000000000', 2, query, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses the URL for another part number', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 3, query, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a URL whose length was changed', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, { ...query, length: String(Number(query.length) + 1) }, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a URL whose expiry was pushed back', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, { ...query, expires: String(Number(query.expires) + 3600) }, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a truncated signature', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, { ...query, signature: query.signature.slice(0, -1) }, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a signature with one character changed', () => {
    const { query } = issue();
    const last = query.signature.at(-1) === 'A' ? 'B' : 'A';
    expect(signer.check(ARTIFACT, 2, { ...query, signature: query.signature.slice(0, -1) + last }, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a signature with multi-byte characters without throwing', () => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, { ...query, signature: 'é'.repeat(query.signature.length) }, NOW)).toBe('the upload URL signature is invalid');
  });

  it('refuses a URL signed with another secret', () => {
    const other = new PartUrlSigner('another-secret', 'https://stowage.example');
    const query = Object.fromEntries(new URL(other.url(ARTIFACT, 2, 10, EXPIRES_AT)).searchParams);
    expect(signer.check(ARTIFACT, 2, query, NOW)).toBe('the upload URL signature is invalid');
  });

  it.each([
    ['no signature', (q: Record<string, string>) => ({ ...q, signature: undefined })],
    ['no length', (q: Record<string, string>) => ({ ...q, length: undefined })],
    ['a non-numeric length', (q: Record<string, string>) => ({ ...q, length: 'ten' })],
    ['a fractional length', (q: Record<string, string>) => ({ ...q, length: '1.5' })],
    ['no expiry', (q: Record<string, string>) => ({ ...q, expires: undefined })],
  ])('refuses a URL with %s as not signed', (_label, edit) => {
    const { query } = issue();
    expect(signer.check(ARTIFACT, 2, edit(query), NOW)).toBe('the upload URL is not signed');
  });

  it('judges expiry by the time it is given, not the system clock', () => {
    // Both instants are far from the real time, so only the injected `now` can decide.
    const expiresAt = new Date('2001-01-01T00:00:10Z');
    const { query } = issue(ARTIFACT, 1, 5, expiresAt);
    expect(signer.check(ARTIFACT, 1, query, new Date('2001-01-01T00:00:00Z'))).toBeNull();
    expect(signer.check(ARTIFACT, 1, query, new Date('2001-01-01T00:00:10Z'))).toBeNull();
    expect(signer.check(ARTIFACT, 1, query, new Date('2001-01-01T00:00:10.001Z'))).toBe('the upload URL has expired');
    expect(signer.check(ARTIFACT, 1, query, new Date('2099-01-01T00:00:00Z'))).toBe('the upload URL has expired');
  });

  it('rounds a sub-second expiry down, never granting extra time', () => {
    const { query } = issue(ARTIFACT, 1, 5, new Date('2001-01-01T00:00:10.900Z'));
    expect(query.expires).toBe(String(Date.parse('2001-01-01T00:00:10Z') / 1000));
    expect(signer.check(ARTIFACT, 1, query, new Date('2001-01-01T00:00:10.500Z'))).toBe('the upload URL has expired');
  });
});
