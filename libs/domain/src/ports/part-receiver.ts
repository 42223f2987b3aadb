import type { Readable } from 'node:stream';
import type { MultipartUpload, WrittenPart } from './storage-driver';

/** The query of a part target the API signed (see PartTarget): untrusted until checked. */
export interface SignedPartQuery {
  length?: string;
  expires?: string;
  signature?: string;
}

export type PartTargetCheck = { ok: true; length: number } | { ok: false; reason: string };

/**
 * The receiving end of part targets that are API URLs (the filesystem driver's): checks a target's
 * signature, then streams the part into the upload. Drivers whose clients send parts to the store
 * itself (S3) have no such targets, and their receiver refuses every one.
 */
export interface PartReceiver {
  /** Whether the signed target is genuine and current, and the exact length it allows. */
  checkTarget(reference: string, partNumber: number, query: SignedPartQuery, now: Date): PartTargetCheck;
  /**
   * Streams one part into the upload. Refuses, while the bytes arrive, anything beyond `length`
   * (PART_TOO_LARGE); a shorter body is PART_INCOMPLETE; an upload that is gone is UNKNOWN_UPLOAD.
   */
  receivePart(key: string, upload: MultipartUpload, partNumber: number, length: number, body: Readable): Promise<WrittenPart>;
}
