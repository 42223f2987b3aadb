import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * One log line per request (pino-http), with the caller's request id kept (so logs line up across
 * services) or one made. Deliberately not nestjs-pino: it runs every request inside an
 * AsyncLocalStorage, whose promise hooks cost ~15-20% of the API's CPU on a v2 listing page, for a
 * request context nothing here logs through (errors carry their request id themselves).
 */
export function requestLogging(logger: Logger): (request: IncomingMessage & { id?: unknown }, response: ServerResponse, next: () => void) => void {
  const genReqId = (request: IncomingMessage, response: ServerResponse) => {
    const given = request.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    response.setHeader('x-request-id', id);
    return id;
  };
  // pino-http writes at info. Above that it would still build two child loggers per request (the
  // request serialized into one of them) that can never write: only the id is kept then.
  if (!logger.isLevelEnabled('info')) {
    return (request, response, next) => {
      request.id = genReqId(request, response);
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId,
    autoLogging: { ignore: (request) => request.url?.startsWith('/health/') ?? false },
    quietReqLogger: true,
  });
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's own messages (startup, routes, errors it handles itself) through the same pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  /** Nest passes the context (a class name) last; its exception handlers pass a stack before it. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
