import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';

import { FilesystemStorageDriver } from './filesystem.driver';
import { expectSameBytes, newKey } from './storage-driver.contract';

const MiB = 1024 * 1024;

/**
 * A destination that keeps each chunk it is given and copies it only when it calls back, long after
 * (reading the next chunks takes a few milliseconds): were a buffer reused before its write's
 * callback, the copy would hold a later chunk's bytes.
 */
class SlowSink extends Writable {
  readonly received: Buffer[] = [];
  writes = 0;
  constructor(options: { highWaterMark?: number; destroyAfterWrites?: number } = {}) {
    super({ highWaterMark: options.highWaterMark ?? 64 * MiB });
    this.destroyAfterWrites = options.destroyAfterWrites;
  }
  private readonly destroyAfterWrites?: number;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writes++;
    if (this.writes === this.destroyAfterWrites) {
      // A client that hangs up: the pending write never calls back.
      this.destroy();
      return;
    }
    setTimeout(() => {
      this.received.push(Buffer.from(chunk));
      callback();
    }, 30);
  }
  bytes(): Buffer {
    return Buffer.concat(this.received);
  }
}

describe('FilesystemStorageDriver.sendTo', () => {
  let dataDir: string;
  let driver: FilesystemStorageDriver;
  // 3.5 MiB: more chunks than buffers, so buffers are reused, and a short last chunk.
  const data = randomBytes(3.5 * MiB);
  let key: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stowage-send-spec-'));
    driver = new FilesystemStorageDriver({ dataDir, signingSecret: 'spec-signing-secret', publicUrl: 'https://stowage.example' });
    key = newKey();
    await driver.put(key, Readable.from([data]));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes the whole object, reusing a buffer only after the destination called back for it', async () => {
    const sink = new SlowSink();
    await expect(driver.sendTo(key, sink)).resolves.toBe(data.length);
    await new Promise<void>((resolve) => sink.end(resolve));
    expectSameBytes(sink.bytes(), data);
  });

  it('waits for drain when the destination asks it to', async () => {
    const sink = new SlowSink({ highWaterMark: 1 });
    await expect(driver.sendTo(key, sink)).resolves.toBe(data.length);
    await new Promise<void>((resolve) => sink.end(resolve));
    expectSameBytes(sink.bytes(), data);
  });

  it('writes a range, clamping its end to the object', async () => {
    const cases = [
      { start: 0, end: 0 },
      { start: 10, end: 1.5 * MiB },
      { start: MiB - 1, end: 3 * MiB + 7 },
      { start: 3 * MiB, end: 10 * MiB },
    ];
    for (const range of cases) {
      const sink = new SlowSink();
      const expected = data.subarray(range.start, Math.min(range.end, data.length - 1) + 1);
      await expect(driver.sendTo(key, sink, range)).resolves.toBe(expected.length);
      await new Promise<void>((resolve) => sink.end(resolve));
      expectSameBytes(sink.bytes(), expected);
    }
  });

  it('refuses a missing object and a range starting past the end before writing anything', async () => {
    const sink = new SlowSink();
    await expect(driver.sendTo(newKey(), sink)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(driver.sendTo(key, sink, { start: data.length, end: data.length + 10 })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    await expect(driver.sendTo(key, sink, { start: 5, end: 4 })).rejects.toMatchObject({ code: 'INVALID_RANGE' });
    expect(sink.writes).toBe(0);
  });

  it('stops, without an error, when the destination closes part way', async () => {
    const sink = new SlowSink({ destroyAfterWrites: 2 });
    const sent = await driver.sendTo(key, sink);
    // Handed over before the close was seen: at most one buffer's worth beyond what the destination took.
    expect(sent).toBeGreaterThanOrEqual(2 * MiB);
    expect(sent).toBeLessThanOrEqual(3 * MiB);
    expect(sink.writes).toBe(2);
  });
});
