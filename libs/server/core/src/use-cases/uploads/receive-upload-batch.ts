import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { UploadBatchResult } from '@stowage/contracts';
import { conflict, displayArtifactPath, forbidden, invalidInput, notFound } from '@stowage/domain';
import type { BatchFileRecord } from '@stowage/server-db';
import { extract, type Header } from 'tar-stream';
import { SNIFF_BYTES, sniffBlobFacts } from '../../artifacts/content-type';
import { publishVerifiedUploads, type VerifiedUploadBytes } from '../../artifacts/publish-verified-uploads';
import { UploadBatchUrls, batchArtifactIds, type UploadBatchQuery } from '../../artifacts/upload-batch-url';
import type { ServerContext } from '../../server-context';

export interface ReceiveUploadBatchInput {
  batchId: string;
  /** The signed URL's query: its signature is the credential. */
  query: UploadBatchQuery;
  /** The tar stream, as it arrives. */
  body: Readable;
}

type ReceiveContext = Pick<ServerContext, 'uploads' | 'blobs' | 'storage' | 'tasks' | 'clock' | 'logger' | 'config'>;

/**
 * Pax keys a maintained packer writes for an ordinary file: `path` (a long or non-ASCII name, which
 * the name check then covers), `size` (covered by the size check) and times and owners, which are
 * ignored. Anything else (a link target, sparse maps, extended attributes, another charset) is refused.
 */
const ALLOWED_PAX_KEYS = new Set(['path', 'size', 'mtime', 'atime', 'ctime', 'uid', 'gid', 'uname', 'gname']);

/** The stream does not match its declaration: the whole request is refused (400) and nothing of it is kept. */
class StreamRefusal extends Error {}

/**
 * The most bytes a stream of these files may take: each file in 512-byte blocks behind a header
 * and room for a pax record or GNU long name (paths are at most 1024 bytes), and the end-of-archive
 * blocks padded to a 10 KiB record as tar writers do, with room to spare. Past it the stream is
 * refused, so pax headers or zero blocks cannot be streamed in without end.
 */
function maxStreamBytes(files: readonly BatchFileRecord[]): number {
  return files.reduce((sum, file) => sum + Math.ceil(file.size / 512) * 512 + 4096, 0) + 1024 * 1024;
}

/**
 * The second step of the batch stream (docs/upload-protocol.md). The tar stream is read as it
 * arrives and trusted in nothing: entry i must be a regular file named as declared file i and of
 * its declared size; links, devices, directories, undeclared or missing entries and unknown pax
 * keys refuse the stream (400, nothing published, the files stay pending so the same URL may be
 * sent again). Each entry is hashed in flight and held whole (batch files are at most
 * MAX_UPLOAD_BATCH_FILE_BYTES); one whose SHA-256 differs from its declaration fails alone, the
 * others are written through the driver's ObjectBatch. At the end of the stream the batch is
 * flushed (durable: a crash cannot lose what is answered as stored), then its files are completed
 * (each by exactly one request, should two send the same batch) and published as blobs with no
 * second read of their bytes. The answer is per file.
 */
export async function receiveUploadBatch(ctx: ReceiveContext, input: ReceiveUploadBatchInput): Promise<UploadBatchResult> {
  const check = new UploadBatchUrls(ctx.config.signingSecret, ctx.config.publicUrl).check(input.batchId, input.query, ctx.clock.now());
  if (!check.ok) throw forbidden(check.reason);
  const ids = batchArtifactIds(input.batchId, check.files);
  const byId = new Map((await ctx.uploads.findBatchFiles(ids)).map((row) => [row.id, row]));
  const files = ids.map((id) => byId.get(id));
  // Swept as abandoned (never sent in time), or never declared.
  if (files.some((file) => !file)) throw notFound(`upload batch ${input.batchId}`);
  const declared = files as BatchFileRecord[];
  if (declared.every((file) => file.state !== 'PENDING')) return answerSettled(declared);
  if (declared.some((file) => file.state === 'PENDING' && file.completed)) throw conflict(`upload batch ${input.batchId} is being stored by another request`);

  const batch = ctx.storage.openBatch();
  const verified: VerifiedUploadBytes[] = [];
  const mismatched: Array<{ id: string; reason: string }> = [];
  try {
    await readStream(input.body, declared, async (file, bytes, sha256) => {
      if (sha256 !== file.sha256) {
        mismatched.push({ id: file.id, reason: `sha256 mismatch: declared ${file.sha256}, received ${sha256}` });
        return;
      }
      if (file.state !== 'PENDING') return;
      await batch.write(file.storageKey, bytes);
      verified.push({ row: file, sha256, facts: await sniffBlobFacts(bytes.subarray(0, SNIFF_BYTES)) });
    });
  } catch (error) {
    await batch.discard().catch((discardError: unknown) => ctx.logger.warn({ err: discardError }, 'batch objects left to the abandoned-upload sweep'));
    if (error instanceof StreamRefusal) throw invalidInput(`the batch stream was refused: ${error.message}`);
    throw error;
  }

  // Durable before anything says stored: the flush comes before completion and publication.
  await batch.flush();
  const at = ctx.clock.now();
  const completed = await ctx.uploads.markBatchCompleted(
    at,
    verified.map(({ row, sha256 }) => ({ id: row.id, sha256 })),
  );
  const failed = await ctx.uploads.fail(mismatched);
  const { published } = completed.size ? await publishVerifiedUploads(ctx, verified.filter(({ row }) => completed.has(row.id))) : { published: new Set<string>() };

  const reasons = new Map(mismatched.map((m) => [m.id, m.reason]));
  const failedIds = new Set(failed.map((f) => f.id));
  // Files another request completed (or that were settled before): answered as they are now.
  const others = declared.filter((file) => !published.has(file.id) && !failedIds.has(file.id));
  const now = new Map((await ctx.uploads.findBatchFiles(others.map((file) => file.id))).map((row) => [row.id, row]));
  return {
    files: declared.map((file) => {
      if (published.has(file.id)) return { artifactId: file.id, path: file.path, state: 'available' as const };
      if (failedIds.has(file.id)) return { artifactId: file.id, path: file.path, state: 'failed' as const, reason: reasons.get(file.id)! };
      return settledAnswer(now.get(file.id) ?? file);
    }),
  };
}

function answerSettled(files: readonly BatchFileRecord[]): UploadBatchResult {
  return { files: files.map(settledAnswer) };
}

function settledAnswer(file: BatchFileRecord): UploadBatchResult['files'][number] {
  if (file.state === 'AVAILABLE') return { artifactId: file.id, path: file.path, state: 'available' };
  const reason =
    file.state === 'FAILED'
      ? 'its bytes did not match the declared sha256 when the batch was sent'
      : file.state === 'DELETING'
        ? 'it was replaced or deleted since it was stored'
        : 'another request for this batch is storing it';
  return { artifactId: file.id, path: file.path, state: 'failed', reason };
}

/**
 * Reads the tar stream entry by entry, checking each against its declaration before reading its
 * bytes, and hands each entry's bytes and SHA-256 to `onFile` (which may wait: the stream is read
 * no faster than the files are stored). Throws StreamRefusal when the stream does not match.
 */
async function readStream(
  body: Readable,
  files: readonly BatchFileRecord[],
  onFile: (file: BatchFileRecord, bytes: Buffer, sha256: string) => Promise<void>,
): Promise<void> {
  const entries = extract();
  // A body that fails (the client went away) ends the extraction with that error.
  const onBodyError = (error: Error) => entries.destroy(error);
  const limit = maxStreamBytes(files);
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) entries.destroy(new StreamRefusal(`it is longer than ${limit} bytes, more than its ${files.length} declared files take`));
  };
  body.on('error', onBodyError);
  body.on('data', onData);
  body.pipe(entries as unknown as NodeJS.WritableStream);
  let index = 0;
  try {
    for await (const entry of entries) {
      const file = files[index];
      const refusal = refusalOf(entry.header, file, index, files.length);
      if (refusal) throw new StreamRefusal(refusal);
      const hash = createHash('sha256');
      const bytes = Buffer.allocUnsafe(entry.header.size);
      let offset = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        hash.update(chunk);
        chunk.copy(bytes, offset);
        offset += chunk.length;
      }
      if (offset !== entry.header.size) throw new StreamRefusal(`entry ${index + 1} ended after ${offset} of ${entry.header.size} bytes`);
      await onFile(file!, bytes, hash.digest('hex'));
      index++;
    }
  } catch (error) {
    if (error instanceof StreamRefusal) throw error;
    // tar-stream's own complaints (a bad checksum, an unexpected end of data) and a body cut short.
    throw new StreamRefusal(`it is not a complete tar stream after ${index} of ${files.length} files (${(error as Error).message})`);
  } finally {
    body.off('error', onBodyError);
    body.off('data', onData);
    body.unpipe(entries as unknown as NodeJS.WritableStream);
    entries.destroy();
  }
  if (index < files.length) throw new StreamRefusal(`it ended after ${index} of the ${files.length} declared files`);
}

function refusalOf(header: Header, file: BatchFileRecord | undefined, index: number, count: number): string | undefined {
  const shown = displayArtifactPath(header.name);
  if (!file) return `entry ${index + 1} ("${shown}") was not declared: the batch has ${count} files`;
  if (header.type !== 'file') return `entry ${index + 1} ("${shown}") is a ${header.type}, not a regular file`;
  const paxKeys = header.pax && typeof header.pax === 'object' ? Object.keys(header.pax) : [];
  const unknownKey = paxKeys.find((key) => !ALLOWED_PAX_KEYS.has(key));
  if (unknownKey !== undefined) return `entry ${index + 1} ("${shown}") carries the pax key "${displayArtifactPath(unknownKey)}", which a batch does not take`;
  if (header.name !== file.path) return `entry ${index + 1} is "${shown}", but file ${index + 1} was declared as "${displayArtifactPath(file.path)}"`;
  if (header.size !== file.size) return `entry ${index + 1} ("${shown}") is ${header.size} bytes, but was declared with ${file.size}`;
  return undefined;
}
