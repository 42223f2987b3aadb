import type { CoreDumpFacts } from '@stowage/contracts';

/**
 * What the repositories return: the stored records in the server's own vocabulary (camelCase,
 * byte counts as numbers: 3 GiB is far below 2^53). Enum values are the database's, upper case;
 * the contracts' lower-case views are made at the edge.
 */
export type MembershipRole = 'ADMIN' | 'MEMBER';
export type VcsTypeRecord = 'GITHUB' | 'BITBUCKET' | 'CIRCLECI';
export type JobStatusRecord = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'CANCELED';
/** A job that has stopped: only these count as "the newest job" (queued and running ones never do). */
export const FINISHED_JOB_STATUSES = ['SUCCESS', 'FAILED', 'CANCELED'] as const satisfies readonly JobStatusRecord[];
export type FinishedJobStatusRecord = (typeof FINISHED_JOB_STATUSES)[number];
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
  /** Where "the newest job" looks when no branch is named; `main` unless an admin changes it. */
  defaultBranch: string;
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

/** A user's membership as an organization's member list shows it. */
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MembershipRole;
}

/** An organization with the role of the user who asked for it. */
export interface OrganizationMembership {
  organization: Organization;
  role: MembershipRole;
}

export type ApiTokenKind = 'PERSONAL' | 'PROJECT';
/** A project token's stored scope: upload only, read only, or both. */
export type ProjectTokenScopeRecord = 'UPLOAD' | 'READ' | 'UPLOAD_READ';
export type ApiTokenScope = 'ALL' | ProjectTokenScopeRecord;

/** An API token as listings show it: never its secret or hash; the project it acts on by name. */
export interface ApiTokenRecord {
  id: string;
  kind: ApiTokenKind;
  scope: ApiTokenScope;
  name: string;
  prefix: string;
  userId: string;
  project: { vcsType: VcsTypeRecord; organizationSlug: string; name: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type BlobState = 'AVAILABLE' | 'DELETING';

/** What a blob's first bytes say, read once per blob. `isText` null: not read yet (blobs adopted by the migration). */
export interface BlobFacts {
  /** The type magic numbers name (file-type), or null. */
  sniffedType: string | null;
  isText: boolean | null;
  isElfCore: boolean;
}

/**
 * Verified bytes, stored once per project and referred to by every artifact with that SHA-256 and
 * size. Its object is the key of the upload that first stored the bytes: made from ids, never from
 * the digest, so only bytes the server has verified can ever be claimed.
 */
export interface Blob extends BlobFacts {
  id: string;
  /** An ELF core's facts as its bytes give them, once indexed (the name's are each artifact's). */
  coreFacts: CoreDumpFacts | null;
  projectId: string;
  sha256: string;
  size: number;
  storageKey: string;
  state: BlobState;
  createdAt: Date;
}

export interface Artifact {
  id: string;
  jobId: string;
  nodeIndex: number;
  path: string;
  size: number;
  sha256: string | null;
  contentType: string | null;
  fileMode: number;
  /** Where its bytes are read: its upload's key (from ids, never the client's path) until it refers to a blob, then the blob's. */
  storageKey: string;
  state: ArtifactState;
  failureReason: string | null;
  createdAt: Date;
  completedAt: Date | null;
  availableAt: Date | null;
  /** Upload time plus the organization's retention. */
  expiresAt: Date;
}
