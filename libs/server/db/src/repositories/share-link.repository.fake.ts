import crypto from 'node:crypto';
import { shareScopeCovers, type ShareScope } from '@stowage/domain';
import type { InMemoryDatabase, ShareLinkTableRecord } from '../testing/in-memory-database';
import type { NewShareLink, ResolvedShareLink, ShareLinkRecord, ShareLinkRepository } from './share-link.repository';

/** ShareLinkRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryShareLinkRepository implements ShareLinkRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private recordOf(row: ShareLinkTableRecord): ShareLinkRecord {
    const user = this.tables.users.find((u) => u.id === row.createdBy)!;
    const job = row.jobId === null ? undefined : this.tables.jobs.find((j) => j.id === row.jobId);
    return {
      id: row.id,
      projectId: row.projectId,
      creator: { id: user.id, name: user.name, email: user.email },
      job: job ? { id: job.id, number: job.number } : null,
      stream: row.streamName !== null && row.streamBranch !== null ? { name: row.streamName, branch: row.streamBranch } : null,
      nodeIndex: row.nodeIndex,
      pathPrefix: row.pathPrefix,
      note: row.note,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      useCount: row.useCount,
      lastUsedAt: row.lastUsedAt,
      createdAt: row.createdAt,
    };
  }

  /** Rows whose project (or fixed job) is gone went with it, as the foreign keys' cascades would. */
  private live(): ShareLinkTableRecord[] {
    return this.tables.shareLinks.filter(
      (l) => this.tables.projects.some((p) => p.id === l.projectId) && (l.jobId === null || this.tables.jobs.some((j) => j.id === l.jobId)),
    );
  }

  async create(link: NewShareLink): Promise<ShareLinkRecord> {
    if (this.tables.shareLinks.some((l) => l.secretHash === link.secretHash)) throw new Error('duplicate share link secret hash');
    const row: ShareLinkTableRecord = {
      id: crypto.randomUUID(),
      projectId: link.projectId,
      createdBy: link.createdBy,
      secretHash: link.secretHash,
      jobId: 'jobId' in link.target ? link.target.jobId : null,
      streamName: 'stream' in link.target ? link.target.stream.name : null,
      streamBranch: 'stream' in link.target ? link.target.stream.branch : null,
      nodeIndex: link.nodeIndex,
      pathPrefix: link.pathPrefix,
      note: link.note,
      expiresAt: link.expiresAt,
      revokedAt: null,
      useCount: 0,
      lastUsedAt: null,
      createdAt: this.tables.now(),
    };
    this.tables.shareLinks.push(row);
    return this.recordOf(row);
  }

  async findBySecretHash(secretHash: string): Promise<ResolvedShareLink | null> {
    const row = this.live().find((l) => l.secretHash === secretHash);
    if (!row) return null;
    const project = this.tables.projects.find((p) => p.id === row.projectId)!;
    return { ...this.recordOf(row), organizationId: project.organizationId, sharingEnabled: !this.tables.shareLinksDisabled.has(project.organizationId) };
  }

  async find(projectId: string, linkId: string): Promise<ShareLinkRecord | null> {
    const row = this.live().find((l) => l.projectId === projectId && l.id === linkId);
    return row ? this.recordOf(row) : null;
  }

  async listForProject(projectId: string, filter: { createdBy?: string } = {}): Promise<ShareLinkRecord[]> {
    return this.live()
      .filter((l) => l.projectId === projectId && (!filter.createdBy || l.createdBy === filter.createdBy))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((l) => this.recordOf(l));
  }

  async revoke(linkId: string, at: Date): Promise<void> {
    const row = this.tables.shareLinks.find((l) => l.id === linkId);
    if (row) row.revokedAt ??= at;
  }

  async recordUse(linkId: string, at: Date): Promise<void> {
    const row = this.tables.shareLinks.find((l) => l.id === linkId);
    if (row) {
      row.useCount += 1;
      row.lastUsedAt = at;
    }
  }


  async latestArtifactExpiry(jobId: string, scope: ShareScope, now: Date): Promise<Date | null> {
    const times = this.tables.artifacts
      .filter((a) => a.jobId === jobId && a.state === 'AVAILABLE' && a.expiresAt > now && shareScopeCovers(scope, a.nodeIndex, a.path))
      .map((a) => a.expiresAt.getTime());
    return times.length ? new Date(Math.max(...times)) : null;
  }

  async organizationEnabled(organizationId: string): Promise<boolean> {
    return this.tables.organizations.some((o) => o.id === organizationId) && !this.tables.shareLinksDisabled.has(organizationId);
  }

  async setOrganizationEnabled(organizationId: string, enabled: boolean): Promise<void> {
    if (enabled) this.tables.shareLinksDisabled.delete(organizationId);
    else this.tables.shareLinksDisabled.add(organizationId);
  }
}
