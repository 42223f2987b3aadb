import type { Job, MembershipRole, Organization, Project, User } from '@stowage/domain';
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

  /** When a fake stamps a record it creates (PostgreSQL's now(), at its millisecond precision). */
  now(): Date {
    return new Date(Date.now());
  }
}
