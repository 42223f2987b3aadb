import type { RangeReader, StorageDriver } from '@stowage/domain';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A RangeReader over a stored object: each read is one ranged GET, so large objects are never read whole. */
export function storageRangeReader(storage: StorageDriver, key: string, size: number): RangeReader {
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (length <= 0 || offset >= size) return new Uint8Array(0);
      const end = Math.min(size, offset + length) - 1;
      return readAll(await storage.read(key, { start: offset, end }));
    },
  };
}
