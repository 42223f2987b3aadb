/**
 * Runs at most `concurrency` tasks at once, in the order they were submitted. Hashing and part
 * uploads share one pool, so `--concurrency` bounds every file open and connection at once.
 * (Hand-written because it is this small: p-limit, the usual choice, is ESM-only and not one
 * of our dependencies.)
 */
export class WorkerPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((start) => this.waiting.push(start));
    // The slot is handed over by `release`, so `running` already counts this task when it waited.
    else this.running++;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
