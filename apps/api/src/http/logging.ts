import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logSerializers } from '@stowage/server-config';
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
    // pino-http sets its own serializers on the request logger: hand it the redacting ones.
    serializers: logSerializers,
  });
}
