import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot, freePort, waitFor } from './spawned-platform';

/** One `next start` of the built web app, with everything it wrote. */
export interface SpawnedWebServer {
  /** `http://127.0.0.1:<port>`: the origin users and CI jobs reach the platform by. */
  url: string;
  /** Everything the server wrote to stdout and stderr so far, interleaved as it arrived. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The built web app (`npx nx build web`) started as tools/dev/e2e.sh and the deployment start it,
 * forwarding `/api`, `/output` and `/cli` to `apiUrl`. `apiUrl` may be a closed port: the server
 * still starts (it reaches the API only per request), and every forwarded request then fails.
 */
export async function startWebServer(options: { apiUrl: string }): Promise<SpawnedWebServer> {
  const root = findWorkspaceRoot();
  if (!fs.existsSync(path.join(root, 'apps/web/.next/BUILD_ID'))) throw new Error('apps/web/.next is missing: build the web app first (npx nx build web)');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', 'apps/web', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    // Jest sets NODE_ENV=test; `next start` is a production server and warns about any other value.
    env: { ...process.env, NODE_ENV: 'production', STOWAGE_API_URL: options.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    // The sign-in page renders without the API, so it answers whether or not `apiUrl` is up.
    await waitFor(async () => child.exitCode === null && (await fetch(`${url}/sign-in`)).ok, `the web app at ${url} to be ready`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; it wrote: ${output.join('').slice(-4000)}`);
  }
  return { url, output: () => output.join(''), stop };
}
