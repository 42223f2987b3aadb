export * from './storage-driver';
export * from './clock';
export * from './range-reader';
