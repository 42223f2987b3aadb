import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from '@stowage/api-client';

export interface RetryPolicy {
  /** Attempts after the first one; 0 means "try once". */
  retries: number;
  /** The ceiling of the first retry's delay; each further retry doubles it. */
  baseDelayMs: number;
  /** No single wait is longer than this, however many attempts failed or what Retry-After says. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** An HTTP answer that was not a success, from a part URL (the API client has its own `ApiError`). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    message: string,
    /** From a `Retry-After` header, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Statuses worth another try: 5xx (the server or a proxy in front of it is struggling or
 * restarting), 429 (rate limited) and 408 (the server gave up waiting for our request).
 * Every other 4xx says the request itself is wrong (expired or bad signature, too large,
 * unknown upload): sending it again cannot succeed.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Socket-level failures: the connection, not the request, went wrong. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'PART_TIMEOUT',
]);

/**
 * Whether `error` is transient. Network errors count whether they come from `node:http` (an
 * errno-style `code`) or from `fetch`, which wraps them as `TypeError('fetch failed', { cause })`.
 * Anything unrecognised (a file that cannot be read, a bug) is permanent, so it fails fast
 * instead of being retried five times.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof HttpStatusError || error instanceof ApiError) return isRetryableStatus(error.status);
  for (let cause: unknown = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    // `socket hang up` and friends from node:http carry ECONNRESET; this catches the bare message.
    if (cause instanceof Error && cause.message === 'socket hang up') return true;
  }
  return false;
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(max, base·2^attempt)).
 * Randomising the whole interval (not just adding a little noise) spreads out the retries of many
 * agents that failed at the same moment, e.g. when an API replica restarts.
 */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryOptions {
  policy: RetryPolicy;
  isTransient?: (error: unknown) => boolean;
  /** Told before each wait, so the CLI can log what is being retried and why. */
  onRetry?: (error: unknown, retryNumber: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/** Runs `operation` until it succeeds, fails permanently, or has failed `policy.retries + 1` times. */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const isTransient = options.isTransient ?? isTransientError;
  const sleep = options.sleep ?? delay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt > options.policy.retries || !isTransient(error)) throw error;
      const backoff = backoffDelayMs(attempt, options.policy, options.random);
      // A server that says when to come back knows better than our guess, within our ceiling.
      const retryAfter = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
      const wait = Math.min(options.policy.maxDelayMs, Math.max(backoff, retryAfter ?? 0));
      options.onRetry?.(error, attempt, wait);
      await sleep(wait);
    }
  }
}
