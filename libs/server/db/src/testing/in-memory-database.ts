import type { CoreDumpFacts } from '@stowage/contracts';
import type { Artifact, Blob, Job, MembershipRole, Organization, Project, User } from '@stowage/domain';
import type { StoredToken } from '../repositories/access.repository';

export interface MembershipRecord {
  organizationId: string;
  userId: string;
  role: MembershipRole;
  createdAt: Date;
}
export interface TokenRecord extends StoredToken {
  name: string;
  secretHash: string;
  prefix: string;
  createdAt: Date;
}
export interface CoreDumpRecord extends CoreDumpFacts {
  artifactId: string;
}
export interface UsageRecord {
  id: string;
  organizationId: string;
  projectId: string | null;
  kind: 'STORAGE_SNAPSHOT' | 'EGRESS';
  bytes: number;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  recordedAt: Date;
}
export interface SessionRecord {
  id: string;
  secretHash: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
}

/** A share_links row (camelCase). */
export interface ShareLinkTableRecord {
  id: string;
  projectId: string;
  createdBy: string;
  secretHash: string;
  jobId: string | null;
  streamName: string | null;
  streamBranch: string | null;
  nodeIndex: number | null;
  pathPrefix: string;
  note: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  useCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** An artifacts row, every column (camelCase, sizes as numbers). */
/** The artifact fields of a row, as the PostgreSQL repositories return them (no upload state). */
export function artifactOf(record: Artifact): Artifact {
  const { id, jobId, nodeIndex, path, size, sha256, contentType, fileMode, storageKey, state, failureReason, createdAt, completedAt, availableAt, expiresAt } = record;
  return { id, jobId, nodeIndex, path, size, sha256, contentType, fileMode, storageKey, state, failureReason, createdAt, completedAt, availableAt, expiresAt };
}

/** An artifact row as the upload fake also sees it: with its upload's state. */
export interface ArtifactRecord extends Artifact {
  computedSha256: string | null;
  uploadId: string | null;
  partSize: number;
  blobId: string | null;
  sourceStamp?: string | null;
}

/** A row of the upload_parts ledger; rows of a deleted artifact are ignored as the foreign key's cascade would remove them. */
export interface UploadPartRecord {
  artifactId: string;
  partNumber: number;
  size: number;
  etag: string;
  receivedAt: Date;
}

/**
 * The tables the in-memory repositories share, so that a fake answers questions that cross
 * aggregates (a project with the caller's role and a job) the way one SQL join does. Repository
 * owners add the tables their fakes need.
 */
export class InMemoryDatabase {
  organizations: Organization[] = [];
  users: User[] = [];
  memberships: MembershipRecord[] = [];
  projects: Project[] = [];
  jobs: Job[] = [];
  tokens: TokenRecord[] = [];
  sessions: SessionRecord[] = [];
  artifacts: ArtifactRecord[] = [];
  blobs: Blob[] = [];
  orphanedObjects: Array<{ storageKey: string; createdAt: Date }> = [];
  coreDumps: CoreDumpRecord[] = [];
  uploadParts: UploadPartRecord[] = [];
  usageRecords: UsageRecord[] = [];
  shareLinks: ShareLinkTableRecord[] = [];
  /** Organizations whose admins turned share links off (organizations.share_links_enabled = false). */
  shareLinksDisabled = new Set<string>();

  /** When a fake stamps a record it creates (PostgreSQL's now(), at its millisecond precision). */
  now(): Date {
    return new Date(Date.now());
  }
}
