import { BoundedWrites } from './bounded-writes';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedWrites', () => {
  it('keeps at most `limit` writes in flight, and makes `add` wait for room', async () => {
    const writes = new BoundedWrites(2);
    const gates = [deferred(), deferred(), deferred()];
    let started = 0;
    await writes.add(() => (started++, gates[0]!.promise));
    await writes.add(() => (started++, gates[1]!.promise));
    let third = false;
    const adding = writes.add(() => (started++, gates[2]!.promise)).then(() => (third = true));
    await tick();
    expect([started, third]).toEqual([2, false]);
    gates[0]!.resolve();
    await adding;
    expect(started).toBe(3);
    gates[1]!.resolve();
    gates[2]!.resolve();
    await writes.settle();
  });

  it('keeps at most `maxBytes` in flight, but lets one larger write go alone', async () => {
    const writes = new BoundedWrites(16, 100);
    const first = deferred();
    await writes.add(() => first.promise, 60);
    let second = false;
    const adding = writes.add(async () => undefined, 60).then(() => (second = true));
    await tick();
    expect(second).toBe(false);
    first.resolve();
    await adding;
    await writes.add(async () => undefined, 500);
    await writes.settle();
  });

  it('reports the first failure at the next add and at settle', async () => {
    const writes = new BoundedWrites(4);
    await writes.add(async () => Promise.reject(new Error('store refused')));
    await tick();
    await expect(writes.add(async () => undefined)).rejects.toThrow('store refused');
    await expect(writes.settle()).rejects.toThrow('store refused');
    await writes.drain();
  });
});
