/**
 * Machine-readable reasons a storage driver refuses a call. Each driver maps its own store's
 * errors (S3's `NoSuchUpload`, `InvalidPart`, ... ; the filesystem's ENOENT) to these, so use cases
 * decide on codes and never on a driver's names.
 */
export type StorageErrorCode =
  | 'INVALID_KEY'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'INVALID_RANGE'
  | 'PART_TOO_LARGE'
  | 'PART_INCOMPLETE'
  | 'PART_MISMATCH'
  | 'UNKNOWN_UPLOAD'
  | 'DELETE_FAILED';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
