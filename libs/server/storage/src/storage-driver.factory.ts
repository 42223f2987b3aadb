import type { S3Client } from '@aws-sdk/client-s3';
import type { PartReceiver, StorageDriver } from '@stowage/domain';

import { directPartReceiver } from './direct-part-receiver';
import { FilesystemStorageDriver, type FilesystemStorageOptions, type PartUrlOptions } from './filesystem.driver';
import type { S3StorageOptions } from './s3.driver';

export type StorageOptions = ({ driver: 'filesystem' } & FilesystemStorageOptions) | ({ driver: 's3' } & S3StorageOptions);

/** The configured driver and the receiver of its part targets, where those are the API's own URLs. */
export interface Storage {
  driver: StorageDriver;
  partReceiver: PartReceiver;
}

export function createStorage(options: StorageOptions, partUrls: PartUrlOptions): Storage {
  switch (options.driver) {
    case 'filesystem': {
      const driver = new FilesystemStorageDriver({ dataDir: options.dataDir, ...partUrls });
      return { driver, partReceiver: driver.partReceiver };
    }
    case 's3': {
      // Loaded only here: the AWS SDK adds several MB to every process, and the (default)
      // filesystem deployment never uses it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3StorageDriver } = require('./s3.driver') as typeof import('./s3.driver');
      const { driver: _driver, ...s3 } = options;
      return { driver: new S3StorageDriver(s3), partReceiver: directPartReceiver };
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
