import path from 'node:path';
import { ConfigError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('runs with no configuration on local defaults', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/stowage');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.STORAGE_DRIVER).toBe('filesystem');
    expect(env.MAX_ARTIFACT_BYTES).toBe(3 * 1024 ** 3);
    expect(env.DATA_DIR).toMatch(/^\//);
  });

  it('looks for the CLI downloads in dist/cli under the working directory unless CLI_DIST_DIR says where', () => {
    expect(parseEnv({}).CLI_DIST_DIR).toBe(path.resolve('dist/cli'));
    expect(parseEnv({ CLI_DIST_DIR: '/opt/stowage/cli' }).CLI_DIST_DIR).toBe('/opt/stowage/cli');
  });

  it('names the variable when a value is invalid', () => {
    expect(() => parseEnv({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('requires S3_BUCKET only when S3 is chosen', () => {
    expect(() => parseEnv({ STORAGE_DRIVER: 's3' })).toThrow(ConfigError);
    expect(() => parseEnv({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET: required when STORAGE_DRIVER=s3/);
    expect(parseEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'artifacts' }).S3_BUCKET).toBe('artifacts');
  });

  it('requires a signing secret in production with the filesystem driver', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SIGNING_SECRET/);
    expect(parseEnv({ NODE_ENV: 'production', SIGNING_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('requires a signing secret in production with S3 too, since page tokens must verify on every API instance', () => {
    const s3 = { NODE_ENV: 'production', STORAGE_DRIVER: 's3', S3_BUCKET: 'artifacts' };
    expect(() => parseEnv(s3)).toThrow(/SIGNING_SECRET: required in production/);
    expect(parseEnv({ ...s3, SIGNING_SECRET: 'x'.repeat(32) }).STORAGE_DRIVER).toBe('s3');
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ S3_ENDPOINT: '' }).S3_ENDPOINT).toBeUndefined();
  });
});
