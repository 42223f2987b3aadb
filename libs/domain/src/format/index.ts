export * from './format-bytes';
