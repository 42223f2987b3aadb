/**
 * What the repositories return: the stored records in the server's own vocabulary (camelCase,
 * byte counts as numbers: 3 GiB is far below 2^53). Enum values are the database's, upper case;
 * the contracts' lower-case views are made at the edge.
 */
export type MembershipRole = 'ADMIN' | 'MEMBER';
export type VcsTypeRecord = 'GITHUB' | 'BITBUCKET' | 'CIRCLECI';
export type JobStatusRecord = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCELED';
export type ArtifactState = 'PENDING' | 'AVAILABLE' | 'FAILED' | 'DELETING';

export interface Organization {
  id: string;
  slug: string;
  name: string;
  artifactRetentionDays: number;
  createdAt: Date;
}

export interface Project {
  id: string;
  organizationId: string;
  vcsType: VcsTypeRecord;
  name: string;
  isPrivate: boolean;
  createdAt: Date;
}
export type ProjectWithOrganization = Project & { organization: Organization };

export interface Job {
  id: string;
  projectId: string;
  number: number;
  name: string;
  branch: string | null;
  revision: string | null;
  status: JobStatusRecord;
  parallelism: number;
  startedAt: Date | null;
  stoppedAt: Date | null;
  createdAt: Date;
}

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  createdAt: Date;
}
