export * from '@stowage/testing-s3';
export * from './test-config';
export * from './seed-world';
export * from './upload-files';
export * from './spawned-platform';
export * from './spawned-web-server';
export * from './test-platform';
