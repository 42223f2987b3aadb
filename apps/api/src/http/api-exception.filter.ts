import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { ErrorResponse } from '@stowage/contracts';
import { DomainError, type DomainErrorKind } from '@stowage/domain';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import type { Logger } from 'pino';
import { ZodError } from 'zod';

const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  bytes_missing: 410,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  431: 'headers_too_large',
  500: 'internal_error',
};

function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Every error, whatever raised it, leaves as the one JSON shape of `ErrorResponse`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception);
    body.requestId = request.id ? String(request.id) : undefined;
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (body.statusCode === 401) response.setHeader('www-authenticate', 'Basic realm="stowage"');
    response.status(body.statusCode).type('application/json').send(JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorResponse {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_OF[exception.kind];
      return { statusCode, error: exception.kind, message: exception.message, details: exception.details };
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError();
      const details = zodError instanceof ZodError ? zodDetails(zodError) : undefined;
      const first = details?.[0];
      return {
        statusCode: 400,
        error: 'invalid_input',
        message: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid input',
        details,
      };
    }
    if (exception instanceof ZodError) {
      const details = zodDetails(exception);
      return { statusCode: 400, error: 'invalid_input', message: `${details[0]?.path}: ${details[0]?.message}`, details };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse();
      const message = typeof payload === 'string' ? payload : ((payload as { message?: string | string[] }).message ?? exception.message);
      return { statusCode, error: CODE_OF_STATUS[statusCode] ?? 'http_error', message: Array.isArray(message) ? message.join('; ') : message };
    }
    // body-parser reports malformed or oversized JSON with `status` and `type`.
    const raw = exception as { status?: number; type?: string; message?: string };
    if (typeof raw?.status === 'number' && raw.status >= 400 && raw.status < 500) {
      const message = raw.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : (raw.message ?? 'bad request');
      return { statusCode: raw.status, error: CODE_OF_STATUS[raw.status] ?? 'http_error', message };
    }
    return { statusCode: 500, error: 'internal_error', message: 'internal server error' };
  }
}
