export { ANONYMOUS, type OrganizationPermission, type Principal, type ProjectPermission } from '@stowage/domain';

export * from './access/secret';
export * from './access/access.service';
export * from './directory/directory.service';
export * from './directory/directory.views';
export * from './uploads/part-url-signer';
export * from './uploads/upload.service';
export * from './artifacts/content-type';
export * from './artifacts/storage-range-reader';
export * from './artifacts/finalize-upload.service';
export * from './artifacts/artifact-lifecycle.service';
export * from './platform';
export * from './retrieval/page-token';
export * from './task-handlers';
export * from './use-cases/jobs/job.view';
export type { HttpAnswer } from './use-cases/artifacts/download-artifact';
export { expireArtifacts } from './use-cases/tasks/expire-artifacts';
