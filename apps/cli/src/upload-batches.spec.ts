import { ApiError } from '@stowage/api-client';
import { planBatches, sendIsolatingRefusals } from './upload-batches';

const files = (count: number, size = 1) => Array.from({ length: count }, (_, i) => ({ name: `f${i}`, size }));

describe('planBatches', () => {
  it('makes requests of at most 500 files: 10,000 small files are 20 requests', () => {
    expect(planBatches(files(10_000)).map((batch) => batch.length)).toEqual(Array(20).fill(500));
    expect(planBatches(files(1201)).map((batch) => batch.length)).toEqual([500, 500, 201]);
  });

  it('caps the bytes behind one request, and sends a file larger than the cap alone', () => {
    const sizes = [40, 40, 40, 500, 10];
    const batches = planBatches(sizes.map((size, i) => ({ name: `f${i}`, size })), 500, 100);
    expect(batches.map((batch) => batch.map((file) => file.size))).toEqual([[40, 40], [40], [500], [10]]);
  });

  it('keeps the files in order and makes no empty batch', () => {
    expect(planBatches([])).toEqual([]);
    expect(planBatches(files(3)).flat().map((file) => file.name)).toEqual(['f0', 'f1', 'f2']);
  });
});

describe('sendIsolatingRefusals', () => {
  const refusal = (message: string) => new ApiError(413, { statusCode: 413, error: 'payload_too_large', message });
  const isRefusal = (error: unknown) => error instanceof ApiError && error.status === 413;

  it('isolates the refused items and sends every other one', async () => {
    const items = Array.from({ length: 16 }, (_, i) => i);
    const sent: number[][] = [];
    const refused: number[] = [];
    const results = await sendIsolatingRefusals(
      items,
      async (batch) => {
        const bad = batch.find((item) => item === 5 || item === 11);
        if (bad !== undefined) throw refusal(`${bad} is too large`);
        sent.push([...batch]);
        return batch.length;
      },
      isRefusal,
      (item) => refused.push(item),
    );
    expect(refused).toEqual([5, 11]);
    expect(sent.flat().sort((a, b) => a - b)).toEqual(items.filter((item) => item !== 5 && item !== 11));
    expect(results.reduce((sum, { result }) => sum + result, 0)).toBe(14);
  });

  it('rethrows an error that concerns the whole request', async () => {
    const unauthorized = new ApiError(401, { statusCode: 401, error: 'unauthorized', message: 'invalid token' });
    let calls = 0;
    await expect(sendIsolatingRefusals([1, 2, 3], async () => ((calls += 1), Promise.reject(unauthorized)), isRefusal, () => undefined)).rejects.toBe(unauthorized);
    expect(calls).toBe(1);
  });
});
