import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAppConfig, parseEnv, type AppConfig } from '@stowage/server-config';
import type { TestS3Server } from '@stowage/testing-s3';

export type TestStorage = 'filesystem' | 's3';

/**
 * The environment of one test platform: the run's own database (from the integration global setup),
 * its own Redis prefix, and a fresh data directory or S3 bucket.
 */
export function testEnvironment(options: { storage: TestStorage; s3?: TestS3Server; port?: number; extra?: Record<string, string> }): Record<string, string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-data-'));
  const prefix = `${process.env.QUEUE_PREFIX ?? 'stowage_test'}:${Math.random().toString(36).slice(2, 8)}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATABASE_URL: process.env.DATABASE_URL as string,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    STORAGE_DRIVER: options.storage,
    SIGNING_SECRET: 'test-signing-secret-of-at-least-32-characters',
    ...(options.port ? { API_PORT: String(options.port), API_HOST: '127.0.0.1' } : {}),
    ...options.extra,
  };
  if (options.storage === 's3') {
    if (!options.s3) throw new Error('an S3 test platform needs a running S3 server (startS3Server)');
    Object.assign(env, {
      S3_BUCKET: options.s3.bucket,
      S3_ENDPOINT: options.s3.endpoint,
      S3_REGION: options.s3.options.region,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: options.s3.options.accessKeyId as string,
      S3_SECRET_ACCESS_KEY: options.s3.options.secretAccessKey as string,
    });
  }
  return env;
}

export function testAppConfig(env: Record<string, string>): AppConfig {
  return buildAppConfig(parseEnv(env));
}
