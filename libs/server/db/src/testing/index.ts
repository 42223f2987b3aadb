// In-memory repositories and record seeders, for unit tests of use cases and repository contract suites.
export * from './in-memory-database';
export * from './record-seeder';
export * from '../repositories/access.repository.fake';
export * from '../repositories/job.repository.fake';
export * from '../repositories/artifact.repository.fake';
export * from '../repositories/core-dump.repository.fake';
export * from '../repositories/usage.repository.fake';
