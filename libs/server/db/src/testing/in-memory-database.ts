import type { ArtifactState, Job, MembershipRole, Organization, Project, User } from '@stowage/domain';
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
export interface SessionRecord {
  id: string;
  secretHash: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
}

/** An artifacts row, every column (camelCase, sizes as numbers). */
export interface ArtifactRecord {
  id: string;
  jobId: string;
  nodeIndex: number;
  path: string;
  size: number;
  sha256: string | null;
  computedSha256: string | null;
  contentType: string | null;
  fileMode: number;
  storageKey: string;
  state: ArtifactState;
  failureReason: string | null;
  uploadId: string | null;
  partSize: number;
  createdAt: Date;
  completedAt: Date | null;
  availableAt: Date | null;
  expiresAt: Date;
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

  /** When a fake stamps a record it creates (PostgreSQL's now(), at its millisecond precision). */
  now(): Date {
    return new Date(Date.now());
  }
}
