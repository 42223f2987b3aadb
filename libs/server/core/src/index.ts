export { ANONYMOUS, type OrganizationPermission, type Principal, type ProjectPermission } from '@stowage/domain';

export * from './access/secret';
export * from './access/access.service';
export * from './directory/directory.service';
export * from './directory/directory.views';
export * from './jobs/job.service';
export * from './uploads/part-url-signer';
export * from './uploads/upload.service';
export * from './artifacts/content-type';
export * from './artifacts/storage-range-reader';
export * from './artifacts/finalize-upload.service';
export * from './artifacts/index-core-dump.service';
export * from './artifacts/artifact-lifecycle.service';
export * from './platform';
export * from './retrieval/page-token';
export * from './retrieval/artifact-query.service';
export * from './usage/usage.service';
export * from './task-handlers';
