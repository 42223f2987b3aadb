import type { ResumableUpload } from '@stowage/server-db';
import type { ServerContext } from '../../server-context';

/** What a re-declaration says of a file: enough to tell whether it is the one whose upload was cut off. */
export interface DeclaredFile {
  path: string;
  size: number;
  sha256?: string;
  sourceStamp?: string;
}

/**
 * Whether `file`, declared again, is the file `upload` was created for, so its upload can go on
 * from the parts the store holds instead of starting over. The bytes already stored must be the
 * file's, so the same size is not enough: both declarations give the same sha256 (the content is
 * the same whatever else changed), or neither gives one and both give the same stamp of the local
 * file (the CLI's: size and modification time), so a file rebuilt to the same size is sent anew.
 * One sha256 given and one not is no match either: completion would check the bytes against the
 * first declaration's.
 */
export function isResumableAs(file: DeclaredFile, upload: Pick<ResumableUpload, 'path' | 'size' | 'sha256' | 'sourceStamp'>): boolean {
  if (upload.path !== file.path || upload.size !== file.size) return false;
  const sha256 = file.sha256 ?? null;
  if (sha256 !== upload.sha256) return false;
  if (sha256 !== null) return true;
  return file.sourceStamp !== undefined && file.sourceStamp === upload.sourceStamp;
}

/**
 * Uploads of these files, by path, that were created in the same job's container and never
 * completed: the newest matching one of each (the same (job, container, path) declared again is
 * the same container running the step again, after it was killed or lost its connection). Two
 * re-runs at once would both resume it; they send the same bytes (same sha256 or same stamp), so
 * the store ends up with the file either way, and completing twice is harmless.
 *
 * Only uploads younger than half the abandoned-upload age are resumed, so the sweep cannot take
 * one away while it is being resumed.
 */
export async function findResumableUploads(
  ctx: Pick<ServerContext, 'uploads' | 'clock' | 'config'>,
  query: { jobId: string; nodeIndex: number; files: readonly DeclaredFile[] },
): Promise<Map<string, ResumableUpload>> {
  const horizonMs = (ctx.config.env.ABANDONED_UPLOAD_HOURS * 3600_000) / 2;
  const candidates = await ctx.uploads.findResumable({
    jobId: query.jobId,
    nodeIndex: query.nodeIndex,
    paths: query.files.map((file) => file.path),
    createdAfter: new Date(ctx.clock.now().getTime() - horizonMs),
  });
  const resumable = new Map<string, ResumableUpload>();
  for (const file of query.files) {
    // Newest first: the last run's upload holds the most parts.
    const upload = candidates.find((candidate) => isResumableAs(file, candidate));
    if (upload) resumable.set(file.path, upload);
  }
  return resumable;
}
