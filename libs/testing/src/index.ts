export * from './s3-server';
export * from './test-config';
export * from './seed-world';
export * from './upload-files';
export * from './spawned-platform';
