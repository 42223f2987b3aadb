import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadPartTarget } from '@stowage/contracts';
import { snapshotFile } from './hash-file';
import type { PartUploader } from './part-uploader';
import { uploadFile } from './upload-file';
import { WorkerPool } from './worker-pool';

const events: string[] = [];
jest.mock('./hash-file', () => {
  const actual = jest.requireActual<typeof import('./hash-file')>('./hash-file');
  return {
    ...actual,
    hashFile: (...args: Parameters<typeof actual.hashFile>) => {
      events.push('hash');
      return actual.hashFile(...args);
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upload-file-'));
  events.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function partsOf(size: number, partSize: number): UploadPartTarget[] {
  return Array.from({ length: Math.ceil(size / partSize) }, (_, i) => ({
    partNumber: i + 1,
    method: 'PUT' as const,
    url: `http://store.invalid/part/${i + 1}`,
    headers: {},
    offset: i * partSize,
    length: Math.min(partSize, size - i * partSize),
  }));
}

/** Records when each part starts; every part takes a few milliseconds, as a real PUT takes a while. */
const recordingUploader = {
  async upload(_source: unknown, part: UploadPartTarget) {
    events.push(`part ${part.partNumber}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return `etag-${part.partNumber}`;
  },
} as unknown as PartUploader;

describe('uploadFile', () => {
  it("hashes a multi-part file beside its first parts, not after its last part has started (the hash would otherwise end the upload alone)", async () => {
    const data = Buffer.alloc(10_000, 7);
    const file = join(dir, 'big.bin');
    writeFileSync(file, data);
    const uploaded = await uploadFile({ absolutePath: file, snapshot: await snapshotFile(file) }, partsOf(data.length, 1000), {
      pool: new WorkerPool(2),
      uploader: recordingUploader,
      onBytes: () => undefined,
    });
    // With two slots: the hash and part 1 at once, then the parts one after another.
    expect(events.slice(0, 3)).toEqual(['hash', 'part 1', 'part 2']);
    expect(uploaded.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(uploaded.parts.map((part) => part.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('resuming, sends only the parts the server lacks, reports each one, and still hashes the whole file', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const file = join(dir, 'resumed.bin');
    writeFileSync(file, data);
    const reported: number[] = [];
    const all = partsOf(data.length, 4);
    const uploaded = await uploadFile(
      { absolutePath: file, snapshot: await snapshotFile(file) },
      all.filter((part) => [2, 5].includes(part.partNumber)),
      { pool: new WorkerPool(2), uploader: recordingUploader, onBytes: () => undefined, reportPart: async (part) => void reported.push(part.partNumber) },
      [1, 3, 4].map((partNumber) => ({ partNumber, etag: `held-${partNumber}` })),
    );
    expect(events.filter((event) => event.startsWith('part'))).toEqual(['part 2', 'part 5']);
    expect(reported.sort()).toEqual([2, 5]);
    expect(uploaded).toEqual({
      parts: [
        { partNumber: 1, etag: 'held-1' },
        { partNumber: 2, etag: 'etag-2' },
        { partNumber: 3, etag: 'held-3' },
        { partNumber: 4, etag: 'held-4' },
        { partNumber: 5, etag: 'etag-5' },
      ],
      sha256: createHash('sha256').update(data).digest('hex'),
      sentBytes: 8,
      stored: false,
    });
  });

  it('claims the bytes once hashed: when the server holds them, the parts not yet sent are not sent', async () => {
    const data = Buffer.alloc(50_000, 3);
    const file = join(dir, 'again.bin');
    writeFileSync(file, data);
    const claimed: string[] = [];
    // Parts that take a while and stop when told to, as PUTs do.
    const slowUploader = {
      async upload(_source: unknown, part: UploadPartTarget, onBytes: (delta: number) => void, signal: AbortSignal) {
        events.push(`part ${part.partNumber}`);
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, 20);
          signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
        });
        onBytes(part.length);
        return `etag-${part.partNumber}`;
      },
    } as unknown as PartUploader;
    const uploaded = await uploadFile({ absolutePath: file, snapshot: await snapshotFile(file) }, partsOf(data.length, 1000), {
      pool: new WorkerPool(2),
      uploader: slowUploader,
      onBytes: () => undefined,
      claim: async (sha256) => (claimed.push(sha256), true),
    });
    expect(claimed).toEqual([createHash('sha256').update(data).digest('hex')]);
    expect(uploaded).toMatchObject({ stored: true, parts: [], sha256: claimed[0] });
    // Far fewer than the 50 parts were started, and the bytes counted as sent are those that left.
    const started = events.filter((event) => event.startsWith('part')).length;
    expect(started).toBeLessThan(10);
    expect(uploaded.sentBytes).toBeLessThan(started * 1000 + 1);
  });

  it('sends on when the server does not hold the bytes, or the claim fails', async () => {
    const data = Buffer.alloc(5_000, 9);
    const file = join(dir, 'new.bin');
    writeFileSync(file, data);
    for (const claim of [async () => false, async () => Promise.reject(new Error('503'))]) {
      const uploaded = await uploadFile({ absolutePath: file, snapshot: await snapshotFile(file) }, partsOf(data.length, 1000), {
        pool: new WorkerPool(2),
        uploader: recordingUploader,
        onBytes: () => undefined,
        claim,
      });
      expect(uploaded).toMatchObject({ stored: false, sentBytes: 5000 });
      expect(uploaded.parts).toHaveLength(5);
    }
  });
});
