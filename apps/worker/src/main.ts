import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, parseEnv } from '@stowage/server-config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const env = parseEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), { logger: ['error', 'warn'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

bootstrap().catch((error: unknown) => {
  // A bad environment is reported as the list of variables to fix, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
