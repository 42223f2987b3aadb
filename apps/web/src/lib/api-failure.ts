import { ApiError } from '@stowage/api-client';

/** What a Server Action answers a form or a button: the value, or a sentence to show inline. */
export type ActionResult<T = undefined> = { ok: true; value: T } | { ok: false; message: string };

export interface ApiFailure {
  status: number;
  /** The API's machine-readable code, e.g. "conflict". */
  code: string;
  /** The API's own words, e.g. "an organization keeps at least one admin". */
  message: string;
}

/** "an organization keeps at least one admin" → "An organization keeps at least one admin." */
export function toSentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return '';
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The API's error as plain data, or null when the API was not reached (or answered no JSON error). */
export function apiFailureOf(error: unknown): ApiFailure | null {
  if (!(error instanceof ApiError)) return null;
  const detail = error.body.details?.[0];
  const message = detail && error.status === 400 ? `${error.body.message}: ${detail.path ? `${detail.path}: ` : ''}${detail.message}` : error.body.message;
  return { status: error.status, code: error.body.error, message };
}

/**
 * A sentence for people from whatever an API call threw. `explain` may word a known failure for
 * its context (a 404 when adding a member means the account does not exist); otherwise the API's
 * own message is shown, as a sentence.
 */
export function apiFailureMessage(error: unknown, explain?: (failure: ApiFailure) => string | undefined): string {
  const failure = apiFailureOf(error);
  if (!failure) return 'The Stowage API could not be reached. Try again in a moment.';
  const explained = explain?.(failure);
  if (explained) return explained;
  if (failure.status === 401) return 'Your session has ended. Sign in again, then retry.';
  return toSentence(failure.message) || `The API answered ${failure.status}.`;
}
