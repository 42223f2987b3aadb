import 'reflect-metadata';
import { inspect } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { redactUrl } from '@stowage/contracts';
import { ConfigError, createLogger, NestPinoLogger, parseEnv } from '@stowage/server-config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const env = parseEnv();
  const logger = createLogger(env, 'stowage-worker');
  // Nest's own messages go through the same redacting logger as the worker's.
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env, logger), { logger: new NestPinoLogger(logger) });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

bootstrap().catch((error: unknown) => {
  // A bad environment is reported as the list of variables to fix, not a stack trace. Anything else
  // may quote a URL with a secret in it (DATABASE_URL's password): redacted like every log line.
  console.error(redactUrl(error instanceof ConfigError ? error.message : inspect(error)));
  process.exit(1);
});
