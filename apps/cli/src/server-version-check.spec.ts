import { SERVER_VERSION_HEADER } from '@stowage/contracts';
import { warnWhenServerIsNewer } from './server-version-check';

function answering(version: string | undefined): typeof fetch {
  return (async () => new Response('{}', { headers: version === undefined ? {} : { [SERVER_VERSION_HEADER]: version } })) as typeof fetch;
}

async function warningsAfter(calls: number, serverVersion: string | undefined, cliVersion: string): Promise<string[]> {
  const written: string[] = [];
  const wrapped = warnWhenServerIsNewer(answering(serverVersion), cliVersion, { write: (text: string) => written.push(text) });
  for (let i = 0; i < calls; i++) await wrapped('https://stowage.example/api/stowage/v1/uploads');
  return written;
}

describe('warnWhenServerIsNewer', () => {
  it('warns once per run, however many responses name a newer server, pointing at the server’s own CLI', async () => {
    const warnings = await warningsAfter(5, '0.2.0', '0.1.0');
    expect(warnings).toEqual([
      'warning: the Stowage server is version 0.2.0, newer than this CLI (0.1.0); fetch the CLI the server serves: ' +
        'https://stowage.example/cli/stowage-linux-x64 or https://stowage.example/cli/stowage.cjs\n',
    ]);
  });

  it.each([
    ['0.10.0', '0.9.1'],
    ['1.0.0', '1.0.0-rc.1'],
    ['2.0.0', '1.99.99'],
  ])('compares by semver precedence, not as text: server %s is newer than CLI %s', async (server, cli) => {
    expect(await warningsAfter(1, server, cli)).toHaveLength(1);
  });

  it.each([
    ['the same version', '0.1.0', '0.1.0'],
    ['an older server', '0.9.1', '0.10.0'],
    ['a prerelease of the CLI’s version', '1.0.0-rc.1', '1.0.0'],
    ['no version header (an older server, or a proxy’s own page)', undefined, '0.1.0'],
    ['a header that is not semver', 'banana', '0.1.0'],
  ])('stays quiet for %s', async (_case, server, cli) => {
    expect(await warningsAfter(2, server, cli)).toEqual([]);
  });

  it('passes every response through untouched', async () => {
    const response = await warnWhenServerIsNewer(answering('9.9.9'), '0.1.0', { write: () => undefined })('https://stowage.example/x');
    expect(response.headers.get(SERVER_VERSION_HEADER)).toBe('9.9.9');
    expect(await response.json()).toEqual({});
  });
});
