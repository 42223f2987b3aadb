import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import type { ByteRange, StorageDriver } from '@stowage/domain';

// Every use of the storage driver's byte-serving members, in one place.

/** Writes the object (or one range) into `destination`; resolves with the bytes written. */
export async function sendArtifactBytes(storage: StorageDriver, key: string, destination: Writable, range: ByteRange): Promise<number> {
  if (storage.sendTo) {
    // The driver writes into the response itself (reused buffers: twice the throughput of a stream).
    const sent = await storage.sendTo(key, destination, range);
    destination.end();
    return sent;
  }
  let sent = 0;
  const stream = await storage.read(key, range);
  stream.on('data', (chunk: Buffer) => (sent += chunk.length));
  await pipeline(stream, destination);
  return sent;
}

/** A short-lived URL of the store itself, or null where the driver cannot presign. */
export function presignArtifactDownload(storage: StorageDriver, key: string, options: { expiresInSeconds: number; filename: string; contentType: string }): Promise<string | null> {
  return storage.presignDownload(key, options);
}

/** The whole object as a stream (zip entries). */
export function readArtifact(storage: StorageDriver, key: string): Promise<Readable> {
  return storage.read(key);
}
