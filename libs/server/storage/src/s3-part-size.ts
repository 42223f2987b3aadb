const MiB = 1024 * 1024;
/** S3's limits: at most 10,000 parts, each at least 5 MiB (but the last), objects up to 5 TiB. */
export const S3_MAX_PARTS = 10_000;
export const S3_MIN_PART_SIZE = 8 * MiB;
export const S3_MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MiB;

/**
 * The part size the S3 driver hands out for an object of `size` bytes: whole MiB, at least
 * 8 MiB, and large enough that the object fits in 10,000 parts. (Its own module, free of the AWS
 * SDK, so the upload benchmark can size its SDK yardstick's parts exactly as the server does.)
 */
export function s3PartSize(size: number): number {
  return Math.max(S3_MIN_PART_SIZE, Math.ceil(Math.ceil(size / S3_MAX_PARTS) / MiB) * MiB);
}
