import { SERVER_VERSION_HEADER } from '@stowage/contracts';
import semver from 'semver';

/**
 * Wraps the API client's fetch: the first response naming a server version newer than this CLI's
 * (semver precedence, so 0.10.0 > 0.9.1 and 1.0.0 > 1.0.0-rc.1) prints one warning on stderr. The
 * upload goes on: an older CLI usually still works, but the user should fetch the server's own CLI.
 */
export function warnWhenServerIsNewer(inner: typeof fetch, cliVersion: string, stderr: { write(text: string): unknown }): typeof fetch {
  let warned = false;
  return (async (...args: Parameters<typeof fetch>) => {
    const response = await inner(...args);
    if (!warned) {
      const serverVersion = semver.valid(response.headers.get(SERVER_VERSION_HEADER));
      if (serverVersion && semver.valid(cliVersion) && semver.gt(serverVersion, cliVersion)) {
        warned = true;
        const origin = new URL(args[0] instanceof Request ? args[0].url : String(args[0])).origin;
        stderr.write(
          `warning: the Stowage server is version ${serverVersion}, newer than this CLI (${cliVersion}); ` +
            `fetch the CLI the server serves: ${origin}/cli/stowage-linux-x64 or ${origin}/cli/stowage.cjs\n`,
        );
      }
    }
    return response;
  }) as typeof fetch;
}
