import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { TaskDefinitions, QueueName, type TaskName, type TaskPayload } from '@stowage/contracts';

/** Retries with exponential backoff: a crashed or failing handler's task is retried, not lost. */
export const DEFAULT_TASK_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Periodic maintenance, registered once by the worker (idempotent across restarts and replicas). */
export const SCHEDULES: Array<{ name: TaskName; everyMs: number }> = [
  { name: 'expire-artifacts', everyMs: 5 * 60_000 },
  { name: 'sweep-abandoned-uploads', everyMs: 60 * 60_000 },
  { name: 'requeue-pending-uploads', everyMs: 5 * 60_000 },
  { name: 'snapshot-storage-usage', everyMs: 6 * 60 * 60_000 },
];

/** Enqueues tasks by contract name, validating the payload against its schema. Used by API and worker. */
export class TaskQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {
    for (const name of Object.values(QueueName)) {
      this.queues.set(name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_TASK_OPTIONS }));
    }
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  /**
   * `taskId` (BullMQ's `jobId`) makes enqueueing idempotent: the same artifact is never finalized by
   * two tasks at once, and re-enqueueing pending work after a Redis outage is harmless.
   */
  async enqueue<N extends TaskName>(name: N, payload: TaskPayload<N>, options: { taskId?: string; delayMs?: number } = {}): Promise<void> {
    const definition = TaskDefinitions[name];
    const data = definition.payload.parse(payload);
    await this.queue(definition.queue).add(name, data, { jobId: options.taskId, delay: options.delayMs });
  }

  async enqueueMany<N extends TaskName>(name: N, items: Array<{ payload: TaskPayload<N>; taskId?: string }>): Promise<void> {
    if (items.length === 0) return;
    const definition = TaskDefinitions[name];
    await this.queue(definition.queue).addBulk(
      items.map((item) => ({ name, data: definition.payload.parse(item.payload), opts: { ...DEFAULT_TASK_OPTIONS, jobId: item.taskId } })),
    );
  }

  async registerSchedules(): Promise<void> {
    for (const schedule of SCHEDULES) {
      await this.queue(TaskDefinitions[schedule.name].queue).upsertJobScheduler(
        schedule.name,
        { every: schedule.everyMs },
        { name: schedule.name, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
  }

  async ping(): Promise<void> {
    const reply = await this.connection.ping();
    if (reply !== 'PONG') throw new Error(`Redis answered ${reply}`);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
