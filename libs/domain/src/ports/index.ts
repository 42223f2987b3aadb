export * from './storage-driver';
export * from './part-receiver';
export * from './clock';
export * from './range-reader';
export * from './storage-error';
export * from './upload-layout';
