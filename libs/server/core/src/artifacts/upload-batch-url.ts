import crypto from 'node:crypto';
import { UPLOAD_BATCH_PATH } from '@stowage/contracts';

/** What the batch URL's query carries: the number of files, the expiry and the signature. */
export interface UploadBatchQuery {
  files?: string;
  expires?: string;
  signature?: string;
}

/**
 * A batch needs no table of its own: its files' artifact ids are derived from the (random) batch id
 * and each file's position, SHA-256 of both shaped as a version-4 UUID, so the stream's request finds
 * the declared files, in order, from the URL alone.
 */
export function batchArtifactIds(batchId: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const bytes = crypto.createHash('sha256').update(`stowage-upload-batch\n${batchId}\n${index}`).digest().subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}

/**
 * The URL a batch's tar stream is PUT to: the API's batch route, signed with HMAC-SHA256 over the
 * batch id, its number of files and the expiry (like the filesystem driver's part URLs), so no token
 * travels with the bytes and the URL cannot name other files. The query's `signature` is redacted
 * from every log (secret-carriers.ts).
 */
export class UploadBatchUrls {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  private signature(batchId: string, files: number, expires: number): string {
    // A first field no part URL can have (theirs is an artifact id): the two kinds never collide.
    return crypto.createHmac('sha256', this.secret).update(`upload-batch\n${batchId}\n${files}\n${expires}`).digest('base64url');
  }

  url(batchId: string, files: number, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const query = new URLSearchParams({ files: String(files), expires: String(expires), signature: this.signature(batchId, files, expires) });
    return `${this.publicUrl}${UPLOAD_BATCH_PATH.replace(':batchId', batchId)}?${query}`;
  }

  /** The number of files the URL was signed for, or why it is not acceptable. */
  check(batchId: string, query: UploadBatchQuery, now: Date): { ok: true; files: number } | { ok: false; reason: string } {
    const files = Number(query.files);
    const expires = Number(query.expires);
    if (!query.signature || !Number.isSafeInteger(files) || files < 1 || !Number.isSafeInteger(expires)) return { ok: false, reason: 'the batch URL is not signed' };
    const expected = Buffer.from(this.signature(batchId, files, expires));
    const given = Buffer.from(query.signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'the batch URL signature is invalid' };
    if (expires * 1000 < now.getTime()) return { ok: false, reason: 'the batch URL has expired' };
    return { ok: true, files };
  }
}
