import type { StorageDriver } from '@stowage/domain';

import { FilesystemStorageDriver, type FilesystemStorageOptions } from './filesystem.driver';
import { S3StorageDriver, type S3StorageOptions } from './s3.driver';

export type StorageOptions = ({ driver: 'filesystem' } & FilesystemStorageOptions) | ({ driver: 's3' } & S3StorageOptions);

export function createStorageDriver(options: StorageOptions): StorageDriver {
  switch (options.driver) {
    case 'filesystem':
      return new FilesystemStorageDriver({ dataDir: options.dataDir });
    case 's3': {
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
