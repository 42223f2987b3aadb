export * from './filesystem.driver';
export * from './s3.driver';
export * from './storage-driver.factory';
export * from './storage-errors';
