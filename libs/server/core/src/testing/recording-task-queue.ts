import type { TaskQueue } from '@stowage/server-queue';

/** A TaskQueue for unit tests: records what was enqueued; `failWith` makes every call reject, as when Redis is down. */
export class RecordingTaskQueue {
  readonly enqueued: Array<{ name: string; payload: unknown; taskId?: string }> = [];
  failWith: Error | null = null;

  async enqueue(name: string, payload: unknown, options: { taskId?: string } = {}): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.enqueued.push({ name, payload, ...(options.taskId ? { taskId: options.taskId } : {}) });
  }

  async enqueueMany(name: string, items: Array<{ payload: unknown; taskId?: string }>): Promise<void> {
    if (this.failWith) throw this.failWith;
    for (const item of items) this.enqueued.push({ name, payload: item.payload, ...(item.taskId ? { taskId: item.taskId } : {}) });
  }

  /** Typed as the real queue, for a ServerContext. */
  asTaskQueue(): TaskQueue {
    return this as unknown as TaskQueue;
  }
}
