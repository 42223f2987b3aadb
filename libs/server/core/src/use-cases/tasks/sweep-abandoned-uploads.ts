import type { ServerContext } from '../../server-context';

/** Rows handled per round; S3's DeleteObjects takes at most 1000 keys. */
const BATCH_SIZE = 1000;

/**
 * Uploads never completed: their parts are aborted and their rows removed; they never were
 * artifacts. Then multipart uploads the store knows but no row does (a crash between creating the
 * upload and inserting its row). Uploads the store would not abort keep their rows (so their parts
 * are not forgotten) and are tried again by the next sweep; the others are swept regardless.
 */
export async function sweepAbandonedUploads(ctx: Pick<ServerContext, 'uploads' | 'storage' | 'clock' | 'config'>): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - ctx.config.env.ABANDONED_UPLOAD_HOURS * 3600_000);
  let swept = 0;
  const kept: string[] = [];
  let firstError: unknown;
  for (;;) {
    const batch = await ctx.uploads.findAbandoned(cutoff, kept, BATCH_SIZE);
    if (batch.length === 0) break;
    const aborted = [];
    for (const artifact of batch) {
      try {
        if (artifact.uploadId) await ctx.storage.abortMultipartUpload(artifact.storageKey, artifact.uploadId);
        aborted.push(artifact);
      } catch (error) {
        firstError ??= error;
        kept.push(artifact.id);
      }
    }
    await ctx.storage.deleteMany(aborted.map((artifact) => artifact.storageKey));
    await ctx.uploads.deleteAbandoned(aborted.map((artifact) => artifact.id));
    swept += aborted.length;
  }
  if (firstError) throw new Error(`${kept.length} abandoned upload(s) could not be aborted and are kept for the next sweep: ${(firstError as Error).message}`);
  for (const orphan of await ctx.storage.listAbandonedUploads(cutoff)) {
    // A store that keeps no key (the filesystem) lists only uploads older than any row still pending: those rows were swept above.
    const known = orphan.key !== null && (await ctx.uploads.isUploadKnown(orphan.key, orphan.uploadId));
    if (!known) {
      await ctx.storage.abortMultipartUpload(orphan.key, orphan.uploadId);
      swept++;
    }
  }
  return swept;
}
