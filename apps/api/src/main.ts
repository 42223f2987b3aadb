import 'reflect-metadata';
import { ConfigError, buildAppConfig, createLogger, parseEnv } from '@stowage/server-config';
import { createPlatform } from '@stowage/server-core';
import { createApiApp } from './api-app';

async function bootstrap(): Promise<void> {
  const env = parseEnv();
  const logger = createLogger(env, 'stowage-api');
  const platform = createPlatform(buildAppConfig(env), logger);
  const app = await createApiApp(platform);
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await platform.close();
  };
  await app.listen(env.API_PORT, env.API_HOST);
  logger.info({ url: platform.config.publicUrl, docs: `${platform.config.publicUrl}/api/docs` }, 'api ready');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
