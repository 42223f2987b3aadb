export * from './ports';
export * from './errors';
export * from './core-dump';
export * from './artifact-path';
export * from './project-slug';
export * from './model';
export * from './access';
export * from './format';
