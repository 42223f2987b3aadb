import crypto from 'node:crypto';
import type { ApiTokenKind, ApiTokenRecord, ApiTokenScope, VcsTypeRecord } from '@stowage/domain';
import type { Database } from '../database';

export interface NewApiToken {
  kind: ApiTokenKind;
  scope: ApiTokenScope;
  name: string;
  secretHash: string;
  prefix: string;
  userId: string;
  projectId: string | null;
}

/** Whose tokens an operation may touch: a user's (every token they created) or a project's. */
export type TokenOwner = { userId: string } | { projectId: string };

/**
 * API tokens and sign-in sessions: the credentials users and CI agents present. Only the SHA-256 of
 * a secret is stored. Looking a credential up on each request is the access repository's.
 */
export interface TokenRepository {
  create(token: NewApiToken): Promise<ApiTokenRecord>;
  /** A user's personal tokens, newest first. */
  listPersonal(userId: string): Promise<ApiTokenRecord[]>;
  /** A project's tokens, newest first. */
  listForProject(projectId: string): Promise<ApiTokenRecord[]>;
  /** Marks the owner's token revoked (a revoked one stays as it was); false when the owner has no such token. */
  revoke(tokenId: string, owner: TokenOwner, at: Date): Promise<boolean>;
  createSession(session: { secretHash: string; userId: string; expiresAt: Date }): Promise<void>;
  deleteSession(secretHash: string): Promise<void>;
}

export class PgTokenRepository implements TokenRepository {
  constructor(private readonly database: Database) {}

  private tokens() {
    return this.database.db
      .selectFrom('api_tokens as t')
      .leftJoin('projects as p', 'p.id', 't.project_id')
      .leftJoin('organizations as o', 'o.id', 'p.organization_id')
      .select([
        't.id',
        't.kind',
        't.scope',
        't.name',
        't.prefix',
        't.user_id',
        't.created_at',
        't.last_used_at',
        't.revoked_at',
        'p.vcs_type',
        'p.name as project_name',
        'o.slug as org_slug',
      ])
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc');
  }

  async create(token: NewApiToken): Promise<ApiTokenRecord> {
    const id = crypto.randomUUID();
    await this.database.db
      .insertInto('api_tokens')
      .values({
        id,
        kind: token.kind,
        scope: token.scope,
        name: token.name,
        secret_hash: token.secretHash,
        prefix: token.prefix,
        user_id: token.userId,
        project_id: token.projectId,
      })
      .execute();
    return tokenOf(await this.tokens().where('t.id', '=', id).executeTakeFirstOrThrow());
  }

  async listPersonal(userId: string): Promise<ApiTokenRecord[]> {
    return (await this.tokens().where('t.user_id', '=', userId).where('t.kind', '=', 'PERSONAL').execute()).map(tokenOf);
  }

  async listForProject(projectId: string): Promise<ApiTokenRecord[]> {
    return (await this.tokens().where('t.project_id', '=', projectId).where('t.kind', '=', 'PROJECT').execute()).map(tokenOf);
  }

  async revoke(tokenId: string, owner: TokenOwner, at: Date): Promise<boolean> {
    const ofOwner = this.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('id', '=', tokenId)
      .where('userId' in owner ? 'user_id' : 'project_id', '=', 'userId' in owner ? owner.userId : owner.projectId);
    const found = await ofOwner.executeTakeFirst();
    if (!found) return false;
    await this.database.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute();
    return true;
  }

  async createSession(session: { secretHash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.database.db
      .insertInto('sessions')
      .values({ id: crypto.randomUUID(), secret_hash: session.secretHash, user_id: session.userId, expires_at: session.expiresAt })
      .execute();
  }

  async deleteSession(secretHash: string): Promise<void> {
    await this.database.db.deleteFrom('sessions').where('secret_hash', '=', secretHash).execute();
  }
}

function tokenOf(row: {
  id: string;
  kind: ApiTokenKind;
  scope: ApiTokenScope;
  name: string;
  prefix: string;
  user_id: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  vcs_type: VcsTypeRecord | null;
  project_name: string | null;
  org_slug: string | null;
}): ApiTokenRecord {
  return {
    id: row.id,
    kind: row.kind,
    scope: row.scope,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    project: row.vcs_type && row.project_name !== null && row.org_slug !== null ? { vcsType: row.vcs_type, organizationSlug: row.org_slug, name: row.project_name } : null,
    createdAt: row.created_at as Date,
    lastUsedAt: row.last_used_at as Date | null,
    revokedAt: row.revoked_at as Date | null,
  };
}
