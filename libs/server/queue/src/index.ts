export * from './redis-connection';
export * from './job-queue';
export * from './job-runner';
