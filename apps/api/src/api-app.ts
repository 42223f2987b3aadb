import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SERVER_VERSION_HEADER, SHARE_LINK_HEADERS } from '@stowage/contracts';
import { NestPinoLogger, STOWAGE_VERSION, createLogger } from '@stowage/server-config';
import type { Platform } from '@stowage/server-core';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { ApiModule } from './api.module';
import { escapedProjectSlugs } from './http/escaped-project-slug.middleware';
import { requestLogging } from './http/logging';

/** Node answers oversized headers before any framework sees them; answer in JSON like every other error. */
function answerClientErrorsInJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, code, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'request headers are too large']
        : [400, 'invalid_input', 'malformed HTTP request'];
    const body = JSON.stringify({ statusCode: status, error: code, message });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}

export async function createApiApp(platform: Platform): Promise<INestApplication> {
  const logger = createLogger(platform.config.env, 'stowage-api');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(platform, logger), { logger: new NestPinoLogger(logger) });
  app.use(requestLogging(logger));
  // On every response, errors included: the CLI compares it with its own version (docs/cli.md).
  app.use((_request: unknown, response: { setHeader(name: string, value: string): unknown }, next: () => void) => {
    response.setHeader(SERVER_VERSION_HEADER, STOWAGE_VERSION);
    next();
  });
  // Share links: every answer under /s/, errors and unknown routes included (docs/share-links.md).
  app.use('/s/', (_request: unknown, response: { setHeader(name: string, value: string): unknown }, next: () => void) => {
    for (const [name, value] of Object.entries(SHARE_LINK_HEADERS)) response.setHeader(name, value);
    next();
  });
  app.use(escapedProjectSlugs());
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  // Upload requests list up to 500 files; bytes never come as JSON.
  app.useBodyParser('json', { limit: '4mb' });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Stowage API')
      .setDescription('CI build artifacts: CircleCI-compatible listings and downloads, uploads, and Stowage\'s own API.')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'Circle-Token' }, 'circle-token')
      .addSecurityRequirements('circle-token')
      .build(),
  );
  SwaggerModule.setup('/api/docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: '/api/docs/openapi.json' });
  answerClientErrorsInJson(app.getHttpServer() as Server);
  return app;
}
