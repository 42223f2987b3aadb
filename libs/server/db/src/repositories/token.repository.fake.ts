import crypto from 'node:crypto';
import type { ApiTokenRecord } from '@stowage/domain';
import type { InMemoryDatabase, TokenRecord } from '../testing/in-memory-database';
import type { NewApiToken, TokenOwner, TokenRepository } from './token.repository';

/** TokenRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryTokenRepository implements TokenRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private recordOf(token: TokenRecord): ApiTokenRecord {
    const project = token.projectId === null ? undefined : this.tables.projects.find((p) => p.id === token.projectId);
    const organization = project && this.tables.organizations.find((o) => o.id === project.organizationId);
    const { id, kind, scope, name, prefix, userId, createdAt, lastUsedAt, revokedAt } = token;
    return {
      id,
      kind,
      scope,
      name,
      prefix,
      userId,
      project: project && organization ? { vcsType: project.vcsType, organizationSlug: organization.slug, name: project.name } : null,
      createdAt,
      lastUsedAt,
      revokedAt,
    };
  }

  private newestFirst(tokens: TokenRecord[]): ApiTokenRecord[] {
    return [...tokens]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((t) => this.recordOf(t));
  }

  async create(token: NewApiToken): Promise<ApiTokenRecord> {
    const record: TokenRecord = { id: crypto.randomUUID(), createdAt: this.tables.now(), lastUsedAt: null, revokedAt: null, ...token };
    this.tables.tokens.push(record);
    return this.recordOf(record);
  }

  async listPersonal(userId: string): Promise<ApiTokenRecord[]> {
    return this.newestFirst(this.tables.tokens.filter((t) => t.userId === userId && t.kind === 'PERSONAL'));
  }

  async listForProject(projectId: string): Promise<ApiTokenRecord[]> {
    return this.newestFirst(this.tables.tokens.filter((t) => t.projectId === projectId && t.kind === 'PROJECT'));
  }

  async revoke(tokenId: string, owner: TokenOwner, at: Date): Promise<boolean> {
    const token = this.tables.tokens.find((t) => t.id === tokenId && ('userId' in owner ? t.userId === owner.userId : t.projectId === owner.projectId));
    if (!token) return false;
    token.revokedAt ??= at;
    return true;
  }

  async createSession(session: { secretHash: string; userId: string; expiresAt: Date }): Promise<void> {
    this.tables.sessions.push({ id: crypto.randomUUID(), createdAt: this.tables.now(), ...session });
  }

  async deleteSession(secretHash: string): Promise<void> {
    this.tables.sessions = this.tables.sessions.filter((s) => s.secretHash !== secretHash);
  }
}
