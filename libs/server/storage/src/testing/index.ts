// The in-memory driver for unit tests of use cases, held to the drivers' contract suite.
export * from './in-memory-storage.driver';
