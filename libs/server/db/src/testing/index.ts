// In-memory repositories and record seeders, for unit tests of use cases and repository contract suites.
export * from './in-memory-database';
export * from './record-seeder';
export * from '../repositories/access.repository.fake';
export * from '../repositories/organization.repository.fake';
export * from '../repositories/user.repository.fake';
export * from '../repositories/project.repository.fake';
export * from '../repositories/token.repository.fake';
export * from '../repositories/upload.repository.fake';
export * from '../repositories/job.repository.fake';
export * from '../repositories/artifact.repository.fake';
export * from '../repositories/blob.repository.fake';
export * from '../repositories/core-dump.repository.fake';
export * from '../repositories/usage.repository.fake';
export * from '../repositories/share-link.repository.fake';
