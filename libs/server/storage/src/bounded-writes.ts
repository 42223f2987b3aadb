/**
 * Writes of a batch kept in flight, at most `limit` at once: `add` waits for a free slot (so the
 * stream feeding the batch slows down instead of queueing in memory), and the first failure is
 * reported by the next `add` or by `settle`.
 */
export class BoundedWrites {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(work: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
    const task: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Waits for every write; rejects with the first failure. */
  async settle(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  /** Waits for every write, whatever happened to them. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
