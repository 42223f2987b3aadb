import type { Readable } from 'node:stream';
import { conflict, forbidden, invalidInput, isStorageError, notFound, payloadTooLarge, uploadLayoutOf, type SignedPartQuery } from '@stowage/domain';
import type { ServerContext } from '../../server-context';

export interface ReceiveUploadPartInput {
  artifactId: string;
  partNumber: number;
  /** The signed target's query: its signature is the credential (no token travels with the bytes). */
  query: SignedPartQuery;
  /** The request's Content-Length, when it sent one. */
  declaredLength: number | undefined;
  body: Readable;
}

/**
 * One part's bytes, for drivers whose part targets are API URLs (the filesystem): the signature is
 * checked first, then the part streams into the upload; excess bytes are refused as they arrive.
 * No principal: the signed URL is the permission, granted when the upload was created. Each part
 * received goes into the upload's ledger, from which a re-declaration resumes (create-uploads).
 */
export async function receiveUploadPart(ctx: Pick<ServerContext, 'uploads' | 'partReceiver' | 'clock'>, input: ReceiveUploadPartInput): Promise<{ etag: string }> {
  const { artifactId, partNumber } = input;
  const check = ctx.partReceiver.checkTarget(artifactId, partNumber, input.query, ctx.clock.now());
  if (!check.ok) throw forbidden(check.reason);
  const { length } = check;
  if (input.declaredLength !== undefined && input.declaredLength > length) {
    throw payloadTooLarge(`part ${partNumber} is ${length} bytes; the request declares ${input.declaredLength}`);
  }
  // A prepared statement: one PUT per small file makes this the hottest query of an upload.
  const artifact = await ctx.uploads.findPartTarget(artifactId);
  if (!artifact || artifact.state !== 'PENDING') throw notFound(`upload ${artifactId}`);
  if (artifact.completed || !artifact.uploadId) throw conflict(`upload ${artifactId} is already complete`);
  const upload = uploadLayoutOf(artifact.uploadId, artifact.size, artifact.partSize);
  try {
    const written = await ctx.partReceiver.receivePart(artifact.storageKey, upload, partNumber, length, input.body);
    // The receiver answers once the part is durable: only then may the ledger say the store holds it,
    // so that a re-run after a crash skips it. A one-part upload has nothing to resume: no row (one
    // write fewer for each of 10,000 small files).
    if (upload.partCount > 1) {
      await ctx.uploads.recordParts([{ artifactId, partNumber, size: written.bytes, etag: written.etag, receivedAt: ctx.clock.now() }]);
    }
    return { etag: written.etag };
  } catch (error) {
    if (isStorageError(error, 'PART_TOO_LARGE')) throw payloadTooLarge(`part ${partNumber} of ${JSON.stringify(artifact.path)} is limited to ${length} bytes`);
    if (isStorageError(error, 'PART_INCOMPLETE')) throw invalidInput(`part ${partNumber} of ${JSON.stringify(artifact.path)} ended before ${length} bytes`);
    if (isStorageError(error, 'UNKNOWN_UPLOAD')) throw notFound(`upload ${artifactId}`);
    throw error;
  }
}
