import { call, startApi, within, type ApiHarness } from '../test/api-harness';
import { freePort } from '@stowage/testing';

/** Readiness answers for each dependency, and answers promptly even when one of them does not. */

describe('health', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem', runner: false });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('ready is 200 when PostgreSQL, Redis and storage all answer; live is 200', async () => {
    const ready = await call(api.baseUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: { status: 'ok' }, redis: { status: 'ok' }, storage: { status: 'ok' } } });
    expect((await call(api.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});

describe('health with Redis unreachable', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem', runner: false, redisUnreachable: true, extraEnv: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, LOG_LEVEL: 'error' } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('ready answers 503 within seconds naming redis as the failing check (it does not hang), and live stays 200', async () => {
    const started = Date.now();
    const ready = await within(10_000, call(api.baseUrl, 'GET', '/health/ready'));
    expect(ready).not.toBe('no answer');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(ready).toMatchObject({
      status: 503,
      body: { status: 'error', checks: { database: { status: 'ok' }, storage: { status: 'ok' }, redis: { status: 'error', message: expect.any(String) } } },
    });
    expect((await call(api.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
