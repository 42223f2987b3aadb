export * from './share-scope';
