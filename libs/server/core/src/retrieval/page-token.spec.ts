import { DomainError } from '@stowage/domain';
import { PageTokenCodec } from './page-token';

const codec = new PageTokenCodec('page-token-secret');
const CURSOR = { nodeIndex: 1, path: 'reports/日本語 & more.html', id: 'a1' };

function expectInvalid(decode: () => unknown): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).kind).toBe('invalid_input');
  expect((thrown as DomainError).message).toBe('page-token is malformed or was not issued by this server');
}

/** Replaces the character at `index` with a different character from the base64url alphabet. */
function flip(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('PageTokenCodec', () => {
  it('decodes the cursor it encoded for the same kind', () => {
    const token = codec.encode('v2-artifacts:job-1', CURSOR);
    expect(codec.decode('v2-artifacts:job-1', token)).toEqual(CURSOR);
  });

  it('issues URL-safe tokens of the form body.mac', () => {
    const token = codec.encode('k', CURSOR);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('returns undefined for an absent or empty token (the first page)', () => {
    expect(codec.decode('k', undefined)).toBeUndefined();
    expect(codec.decode('k', '')).toBeUndefined();
  });

  it('refuses a token whose body was edited', () => {
    const token = codec.encode('k', CURSOR);
    expectInvalid(() => codec.decode('k', flip(token, 3)));
  });

  it('refuses a token whose body was replaced by another cursor with the old mac', () => {
    const token = codec.encode('k', CURSOR);
    const forgedBody = Buffer.from(JSON.stringify({ k: 'k', c: { ...CURSOR, nodeIndex: 0 } })).toString('base64url');
    expectInvalid(() => codec.decode('k', `${forgedBody}.${token.split('.')[1]}`));
  });

  it('refuses a token whose mac was edited', () => {
    const token = codec.encode('k', CURSOR);
    expectInvalid(() => codec.decode('k', flip(token, token.length - 1)));
  });

  it('refuses a truncated mac or a token without one', () => {
    const token = codec.encode('k', CURSOR);
    expectInvalid(() => codec.decode('k', token.slice(0, -1)));
    expectInvalid(() => codec.decode('k', token.split('.')[0]));
    expectInvalid(() => codec.decode('k', `.${token.split('.')[1]}`));
  });

  it('refuses a mac of the right length made of multi-byte characters as invalid input, not a crash', () => {
    const token = codec.encode('k', CURSOR);
    expectInvalid(() => codec.decode('k', `${token.split('.')[0]}.${'é'.repeat(22)}`));
  });

  it('refuses a token issued with another secret', () => {
    const token = new PageTokenCodec('another-secret').encode('k', CURSOR);
    expectInvalid(() => codec.decode('k', token));
  });

  it('refuses a token issued for another kind, such as another job’s listing', () => {
    const token = codec.encode('v2-artifacts:job-1', CURSOR);
    expectInvalid(() => codec.decode('v2-artifacts:job-2', token));
  });
});
