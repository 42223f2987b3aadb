export * from './redis-connection';
export * from './task-queue';
export * from './task-runner';
