export * from './env.schema';
export * from './app-config';
export * from './logger';
export * from './nest-pino-logger';
export * from './stowage-version';
