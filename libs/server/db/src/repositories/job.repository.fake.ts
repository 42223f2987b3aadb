import crypto from 'node:crypto';
import type { Job } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { JobChanges, JobListFilter, JobRepository, LatestJobFilter, NewestJobFilter } from './job.repository';

/** JobRepository over in-memory tables, for use-case unit tests; held to the same contract suite as PostgreSQL's. */
export class InMemoryJobRepository implements JobRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private find(projectId: string, number: number) {
    return this.tables.jobs.find((j) => j.projectId === projectId && j.number === number);
  }

  async upsert(projectId: string, number: number, changes: JobChanges, now: Date): Promise<Job> {
    const existing = this.find(projectId, number);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as JobChanges;
    if (existing) {
      Object.assign(existing, defined);
      return { ...existing };
    }
    const job: Job = { id: crypto.randomUUID(), projectId, number, name: 'build', branch: null, revision: null, status: 'RUNNING', parallelism: 1, startedAt: now, stoppedAt: null, createdAt: now, ...defined };
    this.tables.jobs.push(job);
    return { ...job };
  }

  async ensure(projectId: string, number: number, fields: Pick<JobChanges, 'name' | 'branch' | 'revision'>, now: Date): Promise<Job> {
    const existing = this.find(projectId, number);
    return existing ? { ...existing } : this.upsert(projectId, number, fields, now);
  }

  async list(projectId: string, filter: JobListFilter) {
    return this.tables.jobs
      .filter(
        (j) =>
          j.projectId === projectId &&
          (!filter.branch || j.branch === filter.branch) &&
          (!filter.name || j.name === filter.name) &&
          (!filter.status || j.status === filter.status) &&
          (filter.beforeNumber === undefined || j.number < filter.beforeNumber),
      )
      .sort((a, b) => b.number - a.number)
      .slice(0, filter.limit)
      .map((j) => ({ ...j, availableArtifacts: this.tables.artifacts.filter((a) => a.jobId === j.id && a.state === 'AVAILABLE').length }));
  }

  async latest(projectId: string, filter: LatestJobFilter): Promise<Job | null> {
    const [job] = this.tables.jobs
      .filter(
        (j) =>
          j.projectId === projectId &&
          (!filter.branch || j.branch === filter.branch) &&
          (!filter.statuses || filter.statuses.includes(j.status)) &&
          (filter.name === undefined || j.name === filter.name) &&
          (filter.beforeNumber === undefined || j.number < filter.beforeNumber),
      )
      .sort((a, b) => b.number - a.number);
    return job ? { ...job } : null;
  }

  async findNewest(projectId: string, filter: NewestJobFilter): Promise<Job | null> {
    const [job] = this.tables.jobs
      .filter((j) => j.projectId === projectId && j.name === filter.name && j.branch === filter.branch && j.status === filter.status)
      .sort((a, b) => b.number - a.number);
    return job ? { ...job } : null;
  }
}
