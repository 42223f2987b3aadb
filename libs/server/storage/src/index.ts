export * from './filesystem.driver';
export { FILESYSTEM_PART_BYTES } from './filesystem-parts';
// Types only: the S3 driver (and the AWS SDK behind it) is loaded by createStorage when configured.
export type { S3StorageOptions } from './s3.driver';
export * from './s3-part-size';
export * from './storage-driver.factory';
export { assertStorageKey } from './storage-arguments';
