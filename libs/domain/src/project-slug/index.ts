export * from './escaped-project-slug';
