export * from './java-url-encoder';
export * from './artifact-path';
export * from './store-artifacts-paths';
export * from './artifact-path-display';
export * from './zip-entry-name';
export * from './artifact-url';
