import { ApiError } from '@stowage/api-client';
import { apiFailureMessage, apiFailureOf, toSentence } from './api-failure';

const apiError = (status: number, error: string, message: string, details?: Array<{ path: string; message: string }>) =>
  new ApiError(status, { statusCode: status, error, message, details });

describe('toSentence', () => {
  it('capitalises and ends with a full stop once', () => {
    expect(toSentence('an organization keeps at least one admin')).toBe('An organization keeps at least one admin.');
    expect(toSentence('Already a sentence.')).toBe('Already a sentence.');
    expect(toSentence('  ')).toBe('');
  });
});

describe('apiFailureMessage', () => {
  it("shows the API's message for a conflict", () => {
    expect(apiFailureMessage(apiError(409, 'conflict', 'an organization keeps at least one admin'))).toBe(
      'An organization keeps at least one admin.',
    );
  });

  it('lets the caller explain a failure in its context, and falls back to the API otherwise', () => {
    const explain = (failure: { status: number }) => (failure.status === 404 ? 'No such account.' : undefined);
    expect(apiFailureMessage(apiError(404, 'not_found', 'user a@b.test not found'), explain)).toBe('No such account.');
    expect(apiFailureMessage(apiError(403, 'forbidden', 'only organization admins may do this'), explain)).toBe(
      'Only organization admins may do this.',
    );
  });

  it('names the first invalid field of a 400', () => {
    const error = apiError(400, 'invalid_input', 'invalid body', [{ path: 'name', message: 'letters, digits, ".", "_" and "-" only' }]);
    expect(apiFailureOf(error)?.message).toBe('invalid body: name: letters, digits, ".", "_" and "-" only');
  });

  it('asks to sign in again on 401 and says so when the API is unreachable', () => {
    expect(apiFailureMessage(apiError(401, 'unauthorized', 'authentication required'))).toMatch(/sign in again/i);
    expect(apiFailureMessage(new TypeError('fetch failed'))).toMatch(/could not be reached/);
  });
});
