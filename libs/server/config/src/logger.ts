import pino, { type LoggerOptions } from 'pino';
import type { Env } from './env.schema';

/** Never log secrets: tokens arrive in headers, in the `circle-token` query parameter and in cookies. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["circle-token"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.query["circle-token"]',
  '*.password',
  '*.secret',
];

export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>, name: string): LoggerOptions {
  return { name, level: env.LOG_LEVEL, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, name: string) {
  return pino(loggerOptions(env, name));
}
export type Logger = ReturnType<typeof createLogger>;
