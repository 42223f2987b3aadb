import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StorageOptions } from '@stowage/server-storage';
import type { Env } from './env.schema';

/** The typed configuration the apps are built from, derived once from the environment. */
export interface AppConfig {
  env: Env;
  publicUrl: string;
  artifactsUrl: string;
  signingSecret: string;
  storage: StorageOptions;
}

/**
 * Without SIGNING_SECRET (development), a random secret is kept in the data directory so that
 * restarts keep issued upload URLs and page tokens valid. It is one per data directory, so
 * production, where instances may not share one, requires SIGNING_SECRET (see env.schema.ts).
 */
function loadSigningSecret(env: Env): string {
  if (env.SIGNING_SECRET) return env.SIGNING_SECRET;
  const file = path.join(env.DATA_DIR, 'signing-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    const secret = crypto.randomBytes(32).toString('hex');
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process won the race
    }
  }
}

export function buildAppConfig(env: Env): AppConfig {
  const publicUrl = env.PUBLIC_URL ?? `http://${env.API_HOST === '0.0.0.0' ? '127.0.0.1' : env.API_HOST}:${env.API_PORT}`;
  return {
    env,
    publicUrl,
    artifactsUrl: env.ARTIFACTS_URL ?? publicUrl,
    signingSecret: loadSigningSecret(env),
    storage:
      env.STORAGE_DRIVER === 's3'
        ? {
            driver: 's3',
            bucket: env.S3_BUCKET as string,
            region: env.S3_REGION,
            endpoint: env.S3_ENDPOINT,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
            accessKeyId: env.S3_ACCESS_KEY_ID,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY,
            keyPrefix: env.S3_KEY_PREFIX,
          }
        : { driver: 'filesystem', dataDir: env.DATA_DIR },
  };
}
