import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

import { StorageError, type ByteRange, type StoredObject } from '@stowage/domain';

import { type FilesystemPaths, isMissing } from './filesystem-paths';
import { sendFileRange } from './send-file-range';
import { assertRange } from './storage-arguments';

/** Reading stored objects: stat, streams and sendTo, with S3's rules for ranges. */
export class FilesystemReads {
  constructor(private readonly paths: FilesystemPaths) {}

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.paths.object(key);
    try {
      const info = await stat(file);
      return info.isFile() ? { size: info.size, lastModified: info.mtime } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const { file, handle } = await this.openObject(key, range);
    // The stream owns the handle from here and closes it when it ends or is destroyed.
    // 1 MiB reads: downloads stream at several times the throughput of the 64 KiB default, memory still bounded.
    return createReadStream(file, { fd: handle, start: range?.start, end: range?.end, highWaterMark: 1 << 20 });
  }

  async sendTo(key: string, destination: Writable, range?: ByteRange): Promise<number> {
    const { handle, end } = await this.openObject(key, range);
    try {
      return await sendFileRange(handle, destination, range?.start ?? 0, end);
    } finally {
      await handle.close();
    }
  }

  /**
   * Opens an object for reading, so that a missing object or a range starting past its end rejects
   * the call itself, before any byte. `end` is the range's last byte clamped to the object's.
   */
  private async openObject(key: string, range?: ByteRange): Promise<{ file: string; handle: FileHandle; end: number }> {
    const file = this.paths.object(key);
    if (range) assertRange(range);
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw isMissing(error) ? new StorageError('NOT_FOUND', `No object at ${key}`, { cause: error }) : error;
    });
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new StorageError('NOT_FOUND', `No object at ${key}`);
      // Same rule as S3: a range must start inside the object; its end is clamped.
      if (range && range.start >= info.size) {
        throw new StorageError('INVALID_RANGE', `Range starts at ${range.start} but ${key} is ${info.size} bytes`);
      }
      return { file, handle, end: Math.min(range?.end ?? info.size - 1, info.size - 1) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
}
