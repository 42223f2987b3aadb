export * from './storage-driver';
export * from './clock';
