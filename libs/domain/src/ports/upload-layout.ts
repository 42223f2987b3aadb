/** How an upload of `size` bytes is cut into parts: every part is `partSize` long but the last. */
export function partCountOf(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** The expected length of part `partNumber` (1-based). */
export function partLengthOf(size: number, partSize: number, partNumber: number): number {
  return Math.max(0, Math.min(partSize, size - (partNumber - 1) * partSize));
}
