import { Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { TaskDefinitions, QueueName, type TaskName, type TaskPayload } from '@stowage/contracts';

/** Finalization is mostly waiting on storage and the database; maintenance tasks run one at a time. */
const DEFAULT_CONCURRENCY: Record<QueueName, number> = { uploads: 16, 'core-dumps': 2, maintenance: 1 };

export type TaskHandler<N extends TaskName = TaskName> = (payload: TaskPayload<N>, context: { attempt: number; taskId?: string }) => Promise<unknown>;
export type TaskHandlers = { [N in TaskName]: TaskHandler<N> };

export interface TaskRunnerLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Runs the worker's handlers: one BullMQ worker per queue dispatching by task name (a task is a BullMQ
 * `Job`; we say task so that "job" keeps meaning the CI job). Every task name in the contracts must
 * have exactly one handler (the `TaskHandlers` type enforces it at compile time and the constructor
 * at boot); payloads are validated before a handler sees them.
 */
export class TaskRunner {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly handlers: TaskHandlers,
    private readonly logger: TaskRunnerLogger,
  ) {
    const missing = (Object.keys(TaskDefinitions) as TaskName[]).filter((name) => typeof handlers[name] !== 'function');
    if (missing.length) throw new Error(`no handler for task(s): ${missing.join(', ')}`);
  }

  start(connection: Redis, prefix: string, concurrency: Partial<Record<QueueName, number>> = {}): void {
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (task: Job) => this.run(task), {
        connection,
        prefix,
        concurrency: concurrency[queue] ?? DEFAULT_CONCURRENCY[queue],
        // A worker that dies mid-task loses its lock; the task is then retried by another worker.
        lockDuration: 60_000,
        maxStalledCount: 3,
      });
      worker.on('failed', (task, error) =>
        this.logger.error({ task: task?.name, taskId: task?.id, attempt: task?.attemptsMade, err: error }, 'task failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
  }

  async run(task: Pick<Job, 'name' | 'data' | 'attemptsMade' | 'id'>): Promise<unknown> {
    const name = task.name as TaskName;
    // Own keys only: a name like "toString" must not find something on Object.prototype.
    const definition = Object.hasOwn(TaskDefinitions, name) ? TaskDefinitions[name] : undefined;
    if (!definition) throw new Error(`unknown task ${task.name}`);
    const payload = definition.payload.parse(task.data);
    const started = Date.now();
    const result = await (this.handlers[name] as TaskHandler)(payload, { attempt: task.attemptsMade + 1, taskId: task.id });
    this.logger.info({ task: name, taskId: task.id, ms: Date.now() - started }, 'task done');
    return result;
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  isRunning(): boolean {
    return this.workers.length > 0 && this.workers.every((worker) => worker.isRunning());
  }

  /** Graceful: stops taking tasks and waits for the active ones to finish. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
