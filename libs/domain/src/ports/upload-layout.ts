/** How an upload of `size` bytes is cut into parts: every part is `partSize` long but the last. */
export function partCountOf(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** The expected length of part `partNumber` (1-based). */
export function partLengthOf(size: number, partSize: number, partNumber: number): number {
  return Math.max(0, Math.min(partSize, size - (partNumber - 1) * partSize));
}

/** The layout an upload of `size` bytes in parts of `partSize` has, as the driver and the artifact's row both describe it. */
export function uploadLayoutOf(uploadId: string, size: number, partSize: number): { uploadId: string; size: number; partSize: number; partCount: number } {
  return { uploadId, size, partSize, partCount: partCountOf(size, partSize) };
}
