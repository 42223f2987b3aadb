import { redactConsole } from './redacting-console';

function fakeConsole() {
  const written: unknown[][] = [];
  const record = (...args: unknown[]) => written.push(args);
  const target = { log: record, info: record, warn: record, error: record, debug: record, trace: record } as unknown as Console;
  return { target, written };
}

describe('redactConsole', () => {
  it('redacts the URL Next.js prints when a forwarded request fails', () => {
    const { target, written } = fakeConsole();
    redactConsole(target);
    target.error('Failed to proxy http://127.0.0.1:3000/api/v1.1/project/gh/acme/app/1/artifacts?circle-token=stw_secret', new Error('connect ECONNREFUSED'));
    expect(written[0][0]).toBe('Failed to proxy http://127.0.0.1:3000/api/v1.1/project/gh/acme/app/1/artifacts?circle-token=[redacted]');
    expect(String(written[0][1])).toContain('connect ECONNREFUSED');
  });

  it('redacts errors and objects, whatever method prints them', () => {
    const { target, written } = fakeConsole();
    redactConsole(target);
    target.warn(new Error('GET https://s3/k?X-Amz-Signature=abc failed'));
    target.log({ location: 'https://s3/k?X-Amz-Credential=AKID%2Fscope', count: 1 }, 42);
    const text = JSON.stringify(written);
    expect(text).not.toContain('abc failed');
    expect(text).not.toContain('AKID');
    expect(written[1][1]).toBe(42);
  });

  it('wraps the console once, however often the server registers it', () => {
    const { target, written } = fakeConsole();
    redactConsole(target);
    redactConsole(target);
    target.info('/x?signature=abc');
    expect(written).toEqual([['/x?signature=[redacted]']]);
  });
});
