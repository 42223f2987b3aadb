import { Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { JobDefinitions, QueueName, type JobName, type JobPayload } from '@stowage/contracts';

/** Finalization is mostly waiting on storage and the database; maintenance jobs run one at a time. */
const DEFAULT_CONCURRENCY: Record<QueueName, number> = { uploads: 16, 'core-dumps': 2, maintenance: 1 };

export type JobHandler<N extends JobName = JobName> = (payload: JobPayload<N>, context: { attempt: number; jobId?: string }) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface JobRunnerLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Runs the worker's handlers: one BullMQ worker per queue dispatching by job name. Every job name in
 * the contracts must have exactly one handler (the `JobHandlers` type enforces it at compile time and
 * the constructor at boot); payloads are validated before a handler sees them.
 */
export class JobRunner {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly handlers: JobHandlers,
    private readonly logger: JobRunnerLogger,
  ) {
    const missing = (Object.keys(JobDefinitions) as JobName[]).filter((name) => typeof handlers[name] !== 'function');
    if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }

  start(connection: Redis, prefix: string, concurrency: Partial<Record<QueueName, number>> = {}): void {
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.run(job), {
        connection,
        prefix,
        concurrency: concurrency[queue] ?? DEFAULT_CONCURRENCY[queue],
        // A worker that dies mid-job loses its lock; the job is then retried by another worker.
        lockDuration: 60_000,
        maxStalledCount: 3,
      });
      worker.on('failed', (job, error) =>
        this.logger.error({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
  }

  async run(job: Pick<Job, 'name' | 'data' | 'attemptsMade' | 'id'>): Promise<unknown> {
    const name = job.name as JobName;
    // Own keys only: a name like "toString" must not find something on Object.prototype.
    const definition = Object.hasOwn(JobDefinitions, name) ? JobDefinitions[name] : undefined;
    if (!definition) throw new Error(`unknown job ${job.name}`);
    const payload = definition.payload.parse(job.data);
    const started = Date.now();
    const result = await (this.handlers[name] as JobHandler)(payload, { attempt: job.attemptsMade + 1, jobId: job.id });
    this.logger.info({ job: name, jobId: job.id, ms: Date.now() - started }, 'job done');
    return result;
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  isRunning(): boolean {
    return this.workers.length > 0 && this.workers.every((worker) => worker.isRunning());
  }

  /** Graceful: stops taking jobs and waits for the active ones to finish. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
