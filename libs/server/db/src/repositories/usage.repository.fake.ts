import crypto from 'node:crypto';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { OrganizationUsage, UsageDay, UsageRepository } from './usage.repository';

/** UsageRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryUsageRepository implements UsageRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  async recordEgress(entry: { organizationId: string; projectId: string; bytes: number; day: UsageDay; at: Date }): Promise<void> {
    this.tables.usageRecords.push({ id: crypto.randomUUID(), organizationId: entry.organizationId, projectId: entry.projectId, kind: 'EGRESS', bytes: entry.bytes, day: entry.day, recordedAt: entry.at });
  }

  private artifactsOf(projectId: string) {
    const jobIds = new Set(this.tables.jobs.filter((j) => j.projectId === projectId).map((j) => j.id));
    return this.tables.artifacts.filter((a) => jobIds.has(a.jobId));
  }

  async snapshotStorage(day: UsageDay): Promise<number> {
    this.tables.usageRecords = this.tables.usageRecords.filter((r) => !(r.kind === 'STORAGE_SNAPSHOT' && r.day === day));
    for (const project of this.tables.projects) {
      const blobBytes = this.tables.blobs.filter((b) => b.projectId === project.id && b.state === 'AVAILABLE').reduce((sum, b) => sum + b.size, 0);
      const ownObjectBytes = this.artifactsOf(project.id)
        .filter((a) => a.state !== 'DELETING' && a.blobId === null)
        .reduce((sum, a) => sum + a.size, 0);
      const bytes = blobBytes + ownObjectBytes;
      this.tables.usageRecords.push({ id: crypto.randomUUID(), organizationId: project.organizationId, projectId: project.id, kind: 'STORAGE_SNAPSHOT', bytes, day, recordedAt: new Date() });
    }
    return this.tables.projects.length;
  }

  async organizationUsage(organizationId: string, now: Date, sinceDay: UsageDay): Promise<OrganizationUsage> {
    const projects = this.tables.projects.filter((p) => p.organizationId === organizationId);
    const live = (projectId: string) => this.artifactsOf(projectId).filter((a) => a.state === 'AVAILABLE' && a.expiresAt > now);
    const daily = (kind: 'STORAGE_SNAPSHOT' | 'EGRESS') => {
      const sums = new Map<string, number>();
      for (const r of this.tables.usageRecords) {
        if (r.organizationId === organizationId && r.kind === kind && r.day >= sinceDay) sums.set(r.day, (sums.get(r.day) ?? 0) + r.bytes);
      }
      return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, bytes]) => ({ day, bytes }));
    };
    return {
      byProject: projects
        .map((p) => ({ projectId: p.id, project: p.name, bytes: live(p.id).reduce((sum, a) => sum + a.size, 0), artifacts: live(p.id).length }))
        .sort((a, b) => b.bytes - a.bytes || (a.project < b.project ? -1 : a.project > b.project ? 1 : 0)),
      storageDaily: daily('STORAGE_SNAPSHOT'),
      egressDaily: daily('EGRESS'),
      largest: projects
        .flatMap((p) => live(p.id).map((a) => ({ project: p.name, jobNumber: this.tables.jobs.find((j) => j.id === a.jobId)!.number, path: a.path, nodeIndex: a.nodeIndex, size: a.size })))
        .sort((a, b) => b.size - a.size)
        .slice(0, 10),
    };
  }
}
