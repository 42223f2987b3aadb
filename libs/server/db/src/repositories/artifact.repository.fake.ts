import type { Artifact } from '@stowage/domain';
import { artifactOf, type InMemoryDatabase } from '../testing/in-memory-database';
import type { ArtifactRepository, ArtifactWithCoreDump, ComparedArtifact, DeletionScope, ListedArtifact, ListingCursor } from './artifact.repository';

const DAY_MS = 24 * 3600_000;
const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Listing order: node index, path in byte order (UTF-8, as `COLLATE "C"`), id. */
function compareListing(a: { nodeIndex: number; path: string; id: string }, b: { nodeIndex: number; path: string; id: string }): number {
  return a.nodeIndex - b.nodeIndex || Buffer.compare(bytes(a.path), bytes(b.path)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
const isAfter = (artifact: Artifact, after: ListingCursor | undefined) =>
  after === undefined || compareListing(artifact, { nodeIndex: after[0], path: after[1], id: after[2] }) > 0;
const startsWithBytes = (path: string, prefix: string) => bytes(path).subarray(0, bytes(prefix).length).equals(bytes(prefix));

/** ArtifactRepository over in-memory tables, for use-case unit tests; held to the same contract suite as PostgreSQL's. */
export class InMemoryArtifactRepository implements ArtifactRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private available(jobId: string, now: Date) {
    return this.tables.artifacts.filter((a) => a.jobId === jobId && a.state === 'AVAILABLE' && a.expiresAt > now);
  }

  async listAvailable(jobId: string, now: Date, page: { after?: ListingCursor; limit: number }): Promise<ListedArtifact[]> {
    return this.available(jobId, now)
      .filter((a) => isAfter(a, page.after))
      .sort(compareListing)
      .slice(0, page.limit)
      .map(({ id, nodeIndex, path }) => ({ id, nodeIndex, path }));
  }

  async listForComparison(jobId: string, now: Date): Promise<{ artifacts: ComparedArtifact[]; pending: boolean }> {
    const pending = this.tables.artifacts.some((a) => a.jobId === jobId && a.state === 'PENDING' && a.expiresAt > now);
    const newestFirst = this.available(jobId, now).sort(
      (a, b) => a.nodeIndex - b.nodeIndex || Buffer.compare(bytes(a.path), bytes(b.path)) || (b.availableAt?.getTime() ?? 0) - (a.availableAt?.getTime() ?? 0),
    );
    const artifacts: ComparedArtifact[] = [];
    for (const a of newestFirst) {
      const previous = artifacts[artifacts.length - 1];
      if (previous && previous.nodeIndex === a.nodeIndex && previous.path === a.path) continue;
      artifacts.push({ nodeIndex: a.nodeIndex, path: a.path, size: a.size, sha256: a.sha256 });
    }
    return { artifacts, pending };
  }

  async listDetailed(jobId: string, now: Date, page: { prefix: string; after?: ListingCursor; limit: number }): Promise<ArtifactWithCoreDump[]> {
    return this.tables.artifacts
      .filter((a) => a.jobId === jobId && a.state !== 'DELETING' && a.expiresAt > now && startsWithBytes(a.path, page.prefix) && isAfter(a, page.after))
      .sort(compareListing)
      .slice(0, page.limit)
      .map((a) => {
        const core = this.tables.coreDumps.find((c) => c.artifactId === a.id);
        if (!core) return { ...a, coreDump: null };
        const { artifactId: _, ...facts } = core;
        return { ...a, coreDump: facts };
      });
  }

  async findDownloadable(jobId: string, nodeIndex: number, path: string, now: Date): Promise<Artifact | null> {
    const [found] = this.available(jobId, now)
      .filter((a) => a.nodeIndex === nodeIndex && a.path === path)
      .sort((a, b) => (b.availableAt?.getTime() ?? Infinity) - (a.availableAt?.getTime() ?? Infinity));
    return found ? artifactOf(found) : null;
  }

  async listForArchive(jobId: string, now: Date, page: { nodeIndex?: number; prefix: string; after?: ListingCursor; limit: number }): Promise<Artifact[]> {
    return this.available(jobId, now)
      .filter((a) => (page.nodeIndex === undefined || a.nodeIndex === page.nodeIndex) && startsWithBytes(a.path, page.prefix) && isAfter(a, page.after))
      .sort(compareListing)
      .slice(0, page.limit)
      .map(artifactOf);
  }

  async findById(artifactId: string): Promise<Artifact | null> {
    const found = this.tables.artifacts.find((a) => a.id === artifactId);
    return found ? artifactOf(found) : null;
  }

  async markDeleting(scope: DeletionScope): Promise<number> {
    const jobIds = 'projectId' in scope ? new Set(this.tables.jobs.filter((j) => j.projectId === scope.projectId).map((j) => j.id)) : null;
    const inScope = (a: Artifact) => ('artifactId' in scope ? a.id === scope.artifactId : 'jobId' in scope ? a.jobId === scope.jobId : jobIds!.has(a.jobId));
    let marked = 0;
    for (const artifact of this.tables.artifacts) {
      if (artifact.state !== 'DELETING' && inScope(artifact)) {
        artifact.state = 'DELETING';
        marked++;
      }
    }
    return marked;
  }

  async markExpired(now: Date): Promise<number> {
    let marked = 0;
    for (const artifact of this.tables.artifacts) {
      if ((artifact.state === 'AVAILABLE' || artifact.state === 'FAILED') && artifact.expiresAt <= now) {
        artifact.state = 'DELETING';
        marked++;
      }
    }
    return marked;
  }

  async listDeleting(limit: number) {
    return this.tables.artifacts
      .filter((a) => a.state === 'DELETING')
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(({ id, storageKey, size, blobId }) => ({ id, storageKey, size, blobId }));
  }

  async removeDeleting(artifactIds: string[]): Promise<void> {
    const ids = new Set(artifactIds);
    this.tables.artifacts = this.tables.artifacts.filter((a) => !(ids.has(a.id) && a.state === 'DELETING'));
    this.tables.coreDumps = this.tables.coreDumps.filter((c) => this.tables.artifacts.some((a) => a.id === c.artifactId));
  }

  private ofOrganization(organizationId: string) {
    const projectIds = new Set(this.tables.projects.filter((p) => p.organizationId === organizationId).map((p) => p.id));
    const jobIds = new Set(this.tables.jobs.filter((j) => projectIds.has(j.projectId)).map((j) => j.id));
    return this.tables.artifacts.filter((a) => jobIds.has(a.jobId));
  }

  async countCreatedBefore(organizationId: string, cutoff: Date) {
    const counted = this.ofOrganization(organizationId).filter((a) => (a.state === 'AVAILABLE' || a.state === 'FAILED') && a.createdAt <= cutoff);
    return { artifacts: counted.length, bytes: counted.reduce((sum, a) => sum + a.size, 0) };
  }

  async applyRetention(organizationId: string, days: number): Promise<void> {
    const organization = this.tables.organizations.find((o) => o.id === organizationId);
    if (organization) organization.artifactRetentionDays = days;
    for (const artifact of this.ofOrganization(organizationId)) {
      if (artifact.state !== 'DELETING') artifact.expiresAt = new Date((artifact.completedAt ?? artifact.createdAt).getTime() + days * DAY_MS);
    }
  }
}
