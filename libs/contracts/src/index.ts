export * from './errors';
export * from './common';
export * from './circleci';
export * from './uploads';
export * from './resources';
export * from './queues';
export * from './routes';
export * from './secret-carriers';
