import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageDriver } from '@stowage/domain';

import { FilesystemStorageDriver, type FilesystemStorageOptions } from './filesystem.driver';
import type { S3StorageOptions } from './s3.driver';

export type StorageOptions = ({ driver: 'filesystem' } & FilesystemStorageOptions) | ({ driver: 's3' } & S3StorageOptions);

export function createStorageDriver(options: StorageOptions): StorageDriver {
  switch (options.driver) {
    case 'filesystem':
      return new FilesystemStorageDriver({ dataDir: options.dataDir });
    case 's3': {
      // Loaded only here: the AWS SDK adds several MB to every process, and the (default)
      // filesystem deployment never uses it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3StorageDriver } = require('./s3.driver') as typeof import('./s3.driver');
      const { driver: _driver, ...s3 } = options;
      return new S3StorageDriver(s3);
    }
    default: {
      // Configuration is parsed from untyped input; fail loudly on a kind this build does not know.
      const unknown: never = options;
      throw new Error(`Unknown storage driver ${JSON.stringify((unknown as { driver?: unknown }).driver)}`);
    }
  }
}

/** The S3 driver's own SDK client (see `createS3Client` in s3.driver.ts), loaded as lazily as the driver. */
export function createS3Client(options: S3StorageOptions): S3Client {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createS3Client: create } = require('./s3.driver') as typeof import('./s3.driver');
  return create(options);
}
