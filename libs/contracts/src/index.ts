export * from './errors';
export * from './common';
export * from './organization-slug';
export * from './circleci';
export * from './uploads';
export * from './resources';
export * from './queues';
export * from './routes';
