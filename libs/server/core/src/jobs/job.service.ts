import type { Job as JobView, JobStatus } from '@stowage/contracts';
import { notFound } from '@stowage/domain';
import type { Db, Job } from '@stowage/server-db';

export const JOB_STATUS_TO_DB = { queued: 'QUEUED', running: 'RUNNING', success: 'SUCCESS', failed: 'FAILED', canceled: 'CANCELED' } as const;

export interface JobFields {
  name?: string;
  branch?: string | null;
  revision?: string | null;
  status?: JobStatus;
  parallelism?: number;
  startedAt?: string | null;
  stoppedAt?: string | null;
}

export function jobView(job: Job & { _count?: { artifacts: number } }): JobView {
  return {
    id: job.id,
    number: job.number,
    name: job.name,
    branch: job.branch,
    revision: job.revision,
    status: job.status.toLowerCase() as JobStatus,
    parallelism: job.parallelism,
    startedAt: job.startedAt?.toISOString() ?? null,
    stoppedAt: job.stoppedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    ...(job._count ? { artifactCount: job._count.artifacts } : {}),
  };
}

function toData(fields: JobFields) {
  return {
    ...(fields.name !== undefined ? { name: fields.name } : {}),
    ...(fields.branch !== undefined ? { branch: fields.branch } : {}),
    ...(fields.revision !== undefined ? { revision: fields.revision } : {}),
    ...(fields.status !== undefined ? { status: JOB_STATUS_TO_DB[fields.status] } : {}),
    ...(fields.parallelism !== undefined ? { parallelism: fields.parallelism } : {}),
    ...(fields.startedAt !== undefined ? { startedAt: fields.startedAt ? new Date(fields.startedAt) : null } : {}),
    ...(fields.stoppedAt !== undefined ? { stoppedAt: fields.stoppedAt ? new Date(fields.stoppedAt) : null } : {}),
  };
}

/** Jobs as the CI system reports them; created on first upload when the CI system has not registered them. */
export class JobService {
  constructor(private readonly db: Db) {}

  /** Registers or updates a job; concurrent calls for the same number are safe (one row wins). */
  upsert(projectId: string, number: number, fields: JobFields): Promise<Job> {
    const data = toData(fields);
    return this.db.job.upsert({
      where: { projectId_number: { projectId, number } },
      create: { projectId, number, startedAt: new Date(), ...data },
      update: data,
    });
  }

  /** On upload: create the job if needed, but never overwrite what the CI system already reported. */
  async ensure(projectId: string, number: number, fields: Pick<JobFields, 'name' | 'branch' | 'revision'>): Promise<Job> {
    const existing = await this.db.job.findUnique({ where: { projectId_number: { projectId, number } } });
    if (existing) return existing;
    try {
      return await this.db.job.create({ data: { projectId, number, startedAt: new Date(), ...toData(fields) } });
    } catch {
      // Another container of the same job created it first.
      return this.db.job.findUniqueOrThrow({ where: { projectId_number: { projectId, number } } });
    }
  }

  async find(projectId: string, number: number): Promise<Job> {
    const job = await this.db.job.findUnique({ where: { projectId_number: { projectId, number } } });
    if (!job) throw notFound(`job ${number}`);
    return job;
  }

  /** Newest first, paged by job number (stable while new jobs arrive). */
  async list(projectId: string, options: { branch?: string; status?: JobStatus; beforeNumber?: number; limit: number }) {
    const jobs = await this.db.job.findMany({
      where: {
        projectId,
        ...(options.branch ? { branch: options.branch } : {}),
        ...(options.status ? { status: JOB_STATUS_TO_DB[options.status] } : {}),
        ...(options.beforeNumber ? { number: { lt: options.beforeNumber } } : {}),
      },
      orderBy: { number: 'desc' },
      take: options.limit + 1,
      include: { _count: { select: { artifacts: { where: { state: 'AVAILABLE' } } } } },
    });
    const hasMore = jobs.length > options.limit;
    return { jobs: jobs.slice(0, options.limit), nextBeforeNumber: hasMore ? jobs[options.limit - 1].number : null };
  }

  /**
   * CircleCI's `latest`: the highest-numbered job matching the branch and filter.
   * completed = finished in any way; successful = success; failed = failed; running = running.
   */
  latest(projectId: string, options: { branch?: string; filter?: 'completed' | 'successful' | 'failed' | 'running' }) {
    const statuses = {
      completed: ['SUCCESS', 'FAILED', 'CANCELED'] as const,
      successful: ['SUCCESS'] as const,
      failed: ['FAILED'] as const,
      running: ['RUNNING'] as const,
    };
    return this.db.job.findFirst({
      where: {
        projectId,
        ...(options.branch ? { branch: options.branch } : {}),
        ...(options.filter ? { status: { in: [...statuses[options.filter]] } } : {}),
      },
      orderBy: { number: 'desc' },
    });
  }
}
