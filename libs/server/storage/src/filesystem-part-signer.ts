import crypto from 'node:crypto';
import { UPLOAD_PART_PATH } from '@stowage/contracts';

/**
 * Part targets of the filesystem driver: API URLs signed with HMAC-SHA256
 * over the artifact, part number, exact length and expiry, so a target works like an S3 presigned
 * URL: no token travels with the bytes, and a URL cannot be reused for another part or size.
 */
export class PartUrlSigner {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  private signature(artifactId: string, partNumber: number, length: number, expires: number): string {
    return crypto.createHmac('sha256', this.secret).update(`${artifactId}\n${partNumber}\n${length}\n${expires}`).digest('base64url');
  }

  url(artifactId: string, partNumber: number, length: number, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const path = UPLOAD_PART_PATH.replace(':artifactId', artifactId).replace(':partNumber', String(partNumber));
    const query = new URLSearchParams({ length: String(length), expires: String(expires), signature: this.signature(artifactId, partNumber, length, expires) });
    return `${this.publicUrl}${path}?${query}`;
  }

  /** Returns why a signed part URL is not acceptable, or null when it is. */
  check(artifactId: string, partNumber: number, query: { length?: string; expires?: string; signature?: string }, now: Date): string | null {
    const length = Number(query.length);
    const expires = Number(query.expires);
    if (!query.signature || !Number.isSafeInteger(length) || !Number.isSafeInteger(expires)) return 'the upload URL is not signed';
    const expected = Buffer.from(this.signature(artifactId, partNumber, length, expires));
    const given = Buffer.from(query.signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'the upload URL signature is invalid';
    if (expires * 1000 < now.getTime()) return 'the upload URL has expired';
    return null;
  }
}
