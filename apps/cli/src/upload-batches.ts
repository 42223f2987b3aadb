import { MAX_FILES_PER_UPLOAD_REQUEST } from '@stowage/contracts';

/**
 * Bytes announced in one create request. Part URLs expire (6 h by default), and a batch's URLs
 * are all handed out at once: capping the bytes behind them keeps the last part of a batch of
 * large files well inside that window even on a slow link (4 GiB at 10 MB/s is 7 minutes).
 */
export const MAX_BYTES_PER_UPLOAD_REQUEST = 4 * 1024 ** 3;

/**
 * Bytes of one batch of small files (the batch stream). The CLI holds a batch's files in memory
 * from hashing until they are sent, so this and BATCHES_OF_SMALL_FILES_IN_FLIGHT bound its memory
 * (3 × 8 MiB); the server takes up to 64 MiB (MAX_UPLOAD_BATCH_BYTES).
 */
export const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Batches of small files being read, declared or sent at once: while one streams, the next is read
 * and declared, and the API stores one while it parses another.
 */
export const BATCHES_OF_SMALL_FILES_IN_FLIGHT = 3;

/**
 * Splits files, in order, into create requests of at most 500 files (the API's limit) and
 * `maxBytes` bytes; a file larger than `maxBytes` goes alone. 10,000 small files make 20 requests.
 */
export function planBatches<T extends { size: number }>(
  files: readonly T[],
  maxFiles: number = MAX_FILES_PER_UPLOAD_REQUEST,
  maxBytes: number = MAX_BYTES_PER_UPLOAD_REQUEST,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Sends `items` as one request. When the server refuses it because of some item (a path it
 * rejects, a file over its size limit), the batch is halved and each half sent again, down to
 * single items, so one bad file costs about 2·log2(500) ≈ 18 extra requests instead of failing
 * the other 499. Any other error (authentication, the server unreachable) is rethrown.
 */
export async function sendIsolatingRefusals<T, R>(
  items: readonly T[],
  send: (batch: readonly T[]) => Promise<R>,
  isItemRefusal: (error: unknown) => boolean,
  onRefused: (item: T, error: unknown) => void,
): Promise<Array<{ batch: readonly T[]; result: R }>> {
  try {
    return [{ batch: items, result: await send(items) }];
  } catch (error) {
    if (!isItemRefusal(error)) throw error;
    if (items.length === 1) {
      onRefused(items[0], error);
      return [];
    }
    const middle = Math.ceil(items.length / 2);
    const first = await sendIsolatingRefusals(items.slice(0, middle), send, isItemRefusal, onRefused);
    const second = await sendIsolatingRefusals(items.slice(middle), send, isItemRefusal, onRefused);
    return [...first, ...second];
  }
}
