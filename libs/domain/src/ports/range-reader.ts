/**
 * Random access to a stored object's bytes, so parsers can look at headers of a multi-gigabyte
 * artifact without reading it whole (backed by HTTP Range requests or positioned file reads).
 */
export interface RangeReader {
  /** Total length of the object in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes starting at `offset`. Returns fewer bytes only when the object ends first
   * (an empty array at or past EOF). Callers must not modify the returned bytes.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A RangeReader over bytes already in memory: for tests and small inputs. */
export function bufferRangeReader(buf: Uint8Array): RangeReader {
  return {
    size: buf.byteLength,
    read(offset: number, length: number): Promise<Uint8Array> {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        return Promise.reject(new RangeError(`invalid range: offset ${offset}, length ${length}`));
      }
      const start = Math.min(offset, buf.byteLength);
      return Promise.resolve(buf.subarray(start, Math.min(buf.byteLength, start + length)));
    },
  };
}
