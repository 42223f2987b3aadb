/**
 * Writes of a batch kept in flight, at most `limit` at once and, when `maxBytes` is given, at most
 * that many bytes (one write alone may exceed it): `add` waits for room (so the stream feeding the
 * batch slows down instead of queueing in memory), and the first failure is reported by the next
 * `add` or by `settle`.
 */
export class BoundedWrites {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly maxBytes = Infinity,
  ) {}

  async add(work: () => Promise<void>, bytes = 0): Promise<void> {
    this.throwIfFailed();
    while (this.running.size >= this.limit || (this.running.size > 0 && this.bytes + bytes > this.maxBytes)) await Promise.race(this.running);
    this.throwIfFailed();
    this.bytes += bytes;
    const task: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.bytes -= bytes;
        this.running.delete(task);
      });
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
