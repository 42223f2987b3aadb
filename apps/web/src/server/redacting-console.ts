import { inspect } from 'node:util';
import { redactUrl } from '@stowage/contracts';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const REDACTING = Symbol.for('stowage.redacting-console');

function redactArgument(argument: unknown): unknown {
  if (typeof argument === 'string') return redactUrl(argument);
  // Errors and objects are printed as `inspect` prints them, then redacted as text.
  if (typeof argument === 'object' && argument !== null) return redactUrl(inspect(argument, { depth: 4 }));
  return argument;
}

/**
 * Everything the web app's server prints goes through the secret list the API's logs use
 * (`@stowage/contracts`' secret carriers). Next.js writes its own errors with `console`, and one of
 * them quotes the URL it forwarded (`Failed to proxy http://api/...?circle-token=...` when the API
 * is unreachable), so the console itself is redacted rather than each call site.
 */
export function redactConsole(target: Console = console): void {
  const marked = target as Console & { [REDACTING]?: true };
  if (marked[REDACTING]) return;
  for (const method of METHODS) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => original(...args.map(redactArgument));
  }
  marked[REDACTING] = true;
}
