import { ApiError } from '@stowage/api-client';
import { HttpStatusError, backoffDelayMs, isRetryableStatus, isTransientError, parseRetryAfter, withRetry, type RetryPolicy } from './retry';

const policy: RetryPolicy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('isRetryableStatus', () => {
  it.each([500, 502, 503, 504, 429, 408])('retries %i', (status) => expect(isRetryableStatus(status)).toBe(true));
  it.each([400, 401, 403, 404, 409, 411, 413, 422])('does not retry %i', (status) => expect(isRetryableStatus(status)).toBe(false));
});

describe('isTransientError', () => {
  it('treats socket errors as transient, from node:http or wrapped by fetch', () => {
    expect(isTransientError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientError(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isTransientError(new Error('socket hang up'))).toBe(true);
  });

  it('classifies API and part errors by status', () => {
    expect(isTransientError(new ApiError(503, { statusCode: 503, error: 'unavailable', message: 'x' }))).toBe(true);
    expect(isTransientError(new ApiError(401, { statusCode: 401, error: 'unauthorized', message: 'x' }))).toBe(false);
    expect(isTransientError(new HttpStatusError(429, 'HTTP 429'))).toBe(true);
    expect(isTransientError(new HttpStatusError(403, 'HTTP 403'))).toBe(false);
  });

  it('treats anything unrecognised (an unreadable file, a bug) as permanent', () => {
    expect(isTransientError(Object.assign(new Error('permission denied'), { code: 'EACCES' }))).toBe(false);
    expect(isTransientError(new TypeError('x is undefined'))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('is at least 0 and below base·2^(n-1), however lucky the draw', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(1, policy, () => 0.9999)).toBe(99);
    expect(backoffDelayMs(2, policy, () => 0.9999)).toBe(199);
    expect(backoffDelayMs(4, policy, () => 0.9999)).toBe(799);
  });

  it('never exceeds the maximum delay', () => {
    for (let retry = 1; retry <= 30; retry++) expect(backoffDelayMs(retry, policy, () => 0.9999)).toBeLessThan(policy.maxDelayMs);
  });

  it('spreads retries over the whole interval (full jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeLessThan(400);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('withRetry', () => {
  const transient = () => new HttpStatusError(503, 'HTTP 503');

  it('returns the first success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw transient();
        return 'done';
      },
      { policy, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up after `retries` retries and throws the last error', async () => {
    let calls = 0;
    const retried: number[] = [];
    const last = new HttpStatusError(502, 'last');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw calls === 6 ? last : transient();
        },
        { policy, sleep: async () => undefined, onRetry: (_error, n) => retried.push(n) },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(6);
    expect(retried).toEqual([1, 2, 3, 4, 5]);
  });

  it('tries once with retries: 0', async () => {
    let calls = 0;
    await expect(withRetry(async () => ((calls += 1), Promise.reject(transient())), { policy: { ...policy, retries: 0 }, sleep: async () => undefined })).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new HttpStatusError(403, 'HTTP 403');
        },
        { policy, sleep: async () => undefined },
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
  });

  it('waits as long as Retry-After asks, capped by the maximum delay', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new HttpStatusError(429, 'HTTP 429', 300);
        if (calls === 2) throw new HttpStatusError(429, 'HTTP 429', 60_000);
        return 'ok';
      },
      { policy, sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );
    expect(sleeps).toEqual([300, 1000]);
  });
});
