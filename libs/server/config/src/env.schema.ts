import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_ARTIFACT_BYTES } from '@stowage/contracts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));
const port = z.coerce.number().int().min(1).max(65535);
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/**
 * Every setting Stowage reads from the environment, with the defaults that make it run with no
 * configuration on a developer's machine. S3 settings are required only when S3 is chosen.
 */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://postgres@127.0.0.1:5432/stowage'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    /** BullMQ key prefix, so several installations (or test runs) can share one Redis. */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('stowage'),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: port.default(3000),
    WORKER_HEALTH_PORT: port.optional(),
    /** The base of every URL the API hands out (artifact links, upload targets). */
    PUBLIC_URL: url.optional(),
    /** A separate origin for downloads, so uploaded HTML can never run with the app's cookies. */
    ARTIFACTS_URL: url.optional(),
    STORAGE_DRIVER: z.enum(['filesystem', 's3']).default('filesystem'),
    DATA_DIR: z.string().default('./data'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ENDPOINT: url.optional(),
    S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_KEY_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'empty, or segments ending with "/"').default(''),
    /** With S3, downloads redirect to short-lived presigned URLs instead of streaming through the API. */
    S3_REDIRECT_DOWNLOADS: booleanFlag.default(true),
    /**
     * Signs the filesystem driver's upload-part URLs and every listing's page tokens: must be equal
     * on every API instance, whatever the driver (a token one instance issued is paged on another).
     */
    SIGNING_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    MAX_ARTIFACT_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_ARTIFACT_BYTES),
    UPLOAD_TARGET_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(6 * 3600),
    /** Uploads not completed within this many hours are swept, bytes and all. */
    ABANDONED_UPLOAD_HOURS: z.coerce.number().positive().default(24),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
    /**
     * Where the build put the CLI the API serves at /cli (tools/build/bundle-cli.cjs, build-cli-sea.cjs):
     * relative to the working directory, like DATA_DIR (the checkout's root, or /app in the image).
     */
    CLI_DIST_DIR: z.string().min(1).default('dist/cli'),
    /** Optional first admin, created at start when both are set (the admin command does the same). */
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when STORAGE_DRIVER=s3' });
    }
    // The fallback (a secret kept in DATA_DIR) is one per data directory: with S3 each instance has
    // its own, and page tokens issued by one instance would be refused by the others.
    if (env.NODE_ENV === 'production' && !env.SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SIGNING_SECRET'], message: 'required in production (the same on every API instance)' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; a bad or missing value names its variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  return { ...result.data, DATA_DIR: path.resolve(result.data.DATA_DIR), CLI_DIST_DIR: path.resolve(result.data.CLI_DIST_DIR) };
}
