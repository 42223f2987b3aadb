import { REDACTED, SECRET_CARRIERS, redactHeaders, redactQuery, redactUrl } from '@stowage/contracts';
import pino, { type LoggerOptions } from 'pino';
import type { Env } from './env.schema';

type SerializedRequest = { url?: string; query?: Record<string, unknown>; headers?: Record<string, unknown> } & Record<string, unknown>;
type SerializedResponse = { headers?: Record<string, unknown> } & Record<string, unknown>;

/** Object fields that hold a secret wherever they sit (a sign-in body, a token row), for pino's redaction. */
const REDACTED_PATHS = SECRET_CARRIERS.fields.flatMap((field) => [field, `*.${field}`]);

/** Strings redacted, secret fields blanked, at any depth: errors carry URLs in messages and in properties. */
function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactUrl(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  const redacted: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    redacted[key] = SECRET_CARRIERS.fields.includes(lower) || SECRET_CARRIERS.headers.includes(lower) ? REDACTED : redactDeep(item, seen);
  }
  return redacted;
}

/**
 * The one place where requests, responses and errors become log fields. They take what pino's
 * standard serializers produce (pino-http wraps them so), and remove every secret listed in
 * `SECRET_CARRIERS` (libs/contracts/src/secret-carriers.ts): the URL, the parsed query, and the
 * headers of both directions (a download's `Location` is a presigned URL).
 */
export const logSerializers = {
  req: (request: SerializedRequest) => ({
    ...request,
    url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
    query: request.query && typeof request.query === 'object' ? redactQuery(request.query) : request.query,
    headers: request.headers ? redactHeaders(request.headers) : request.headers,
  }),
  res: (response: SerializedResponse) => ({ ...response, headers: response.headers ? redactHeaders(response.headers) : response.headers }),
  err: (error: unknown) => redactDeep(error),
};

export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>, name: string): LoggerOptions {
  return {
    name,
    level: env.LOG_LEVEL,
    serializers: {
      req: pino.stdSerializers.wrapRequestSerializer(logSerializers.req as never),
      res: pino.stdSerializers.wrapResponseSerializer(logSerializers.res as never),
      err: pino.stdSerializers.wrapErrorSerializer(logSerializers.err as never),
    },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    // The last word on every line, whichever field or message holds a URL the serializers never
    // saw (an error message from a library, a stack): its secret query values and user info go.
    hooks: { streamWrite: (line) => redactUrl(line) },
  };
}

export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, name: string) {
  return pino(loggerOptions(env, name));
}
export type Logger = ReturnType<typeof createLogger>;
