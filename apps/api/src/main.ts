import 'reflect-metadata';
import { inspect } from 'node:util';
import { redactUrl } from '@stowage/contracts';
import { ConfigError, buildAppConfig, createLogger, parseEnv } from '@stowage/server-config';
import { createPlatform } from '@stowage/server-core';
import { createApiApp } from './api-app';

async function bootstrapAdmin(platform: ReturnType<typeof createPlatform>, env: ReturnType<typeof parseEnv>): Promise<void> {
  if (!env.BOOTSTRAP_ADMIN_EMAIL || !env.BOOTSTRAP_ADMIN_PASSWORD) return;
  await platform.admin.bootstrapAdmin({ email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD });
}

async function bootstrap(): Promise<void> {
  const env = parseEnv();
  const logger = createLogger(env, 'stowage-api');
  const platform = createPlatform(buildAppConfig(env), logger);
  await bootstrapAdmin(platform, env);
  const app = await createApiApp(platform);
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await platform.close();
  };
  // Not awaited: a database that is down must not keep the API from starting (readiness reports it).
  platform.warmUp().catch((error: unknown) => logger.warn({ err: error }, 'database warm-up failed'));
  await app.listen(env.API_PORT, env.API_HOST);
  logger.info({ url: platform.config.publicUrl, docs: `${platform.config.publicUrl}/api/docs` }, 'api ready');
}

bootstrap().catch((error: unknown) => {
  // Redacted like every log line: a failed start may quote a URL with a secret (DATABASE_URL's password).
  console.error(redactUrl(error instanceof ConfigError ? error.message : inspect(error)));
  process.exit(1);
});
