import crypto from 'node:crypto';
import type { Blob, BlobFacts, ProjectWithOrganization } from '@stowage/domain';
import type { StoredClaim } from '@stowage/server-db';
import type { ServerContext } from '../server-context';
import { SNIFF_BYTES, contentTypeOf, sniffBlobFacts } from './content-type';
import { storageRangeReader } from './storage-range-reader';

const DAY_MS = 24 * 3600_000;

/** A declared file with its digest: what a claim names. */
export interface DeclaredFile {
  path: string;
  size: number;
  sha256: string;
  fileMode: number;
}

type ClaimContext = Pick<ServerContext, 'blobs' | 'uploads' | 'storage' | 'tasks' | 'clock' | 'logger'>;

/**
 * Files whose bytes the project already holds become available artifacts referring to those
 * blobs at once, with nothing sent: answers the artifact id of each claimed path. Only for callers
 * who may learn what the project holds (maySkipStoredBytes): the caller checks that. A blob the
 * sweep takes meanwhile is simply missed, and that file's bytes are sent as usual.
 */
export async function claimStoredBytes(
  ctx: ClaimContext,
  target: { project: ProjectWithOrganization; jobId: string; nodeIndex: number },
  files: readonly DeclaredFile[],
): Promise<Map<string, string>> {
  const { project, jobId, nodeIndex } = target;
  const claimedByPath = new Map<string, string>();
  if (!files.length) return claimedByPath;
  const blobs = await ctx.blobs.findStored(
    project.id,
    files.map(({ sha256, size }) => ({ sha256, size })),
  );
  if (!blobs.length) return claimedByPath;
  const byDigest = new Map(blobs.map((blob) => [`${blob.sha256}/${blob.size}`, blob]));
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + project.organization.artifactRetentionDays * DAY_MS);
  const claims: StoredClaim[] = [];
  for (const file of files) {
    const blob = byDigest.get(`${file.sha256}/${file.size}`);
    if (!blob) continue;
    const facts = await factsOf(ctx, blob).catch(() => null);
    // Bytes that cannot be read now are not claimed: the agent sends them, and verify reports the blob.
    if (!facts) continue;
    claims.push({
      id: crypto.randomUUID(),
      jobId,
      nodeIndex,
      path: file.path,
      pathKey: `${jobId}/${nodeIndex}/${file.path}`,
      size: file.size,
      sha256: file.sha256,
      fileMode: file.fileMode,
      contentType: contentTypeOf(facts, file.path),
      blobId: blob.id,
      storageKey: blob.storageKey,
      createdAt: now,
      expiresAt,
    });
  }
  const { claimed, replaced } = await ctx.uploads.claim(now, claims);
  for (const claim of claims) if (claimed.has(claim.id)) claimedByPath.set(claim.path, claim.id);
  const cores = claims.filter((claim) => claimed.has(claim.id) && byDigest.get(`${claim.sha256}/${claim.size}`)!.isElfCore);
  // Follow-up work is best effort here: the sweeps and the requeue cover a Redis outage.
  await ctx.tasks
    .enqueueMany('index-core-dump', cores.map((claim) => ({ payload: { artifactId: claim.id }, taskId: `core-${claim.id}` })))
    .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not enqueue core-dump indexing for claimed artifacts'));
  if (replaced > 0) await ctx.tasks.enqueue('expire-artifacts', {}).catch(() => undefined);
  return claimedByPath;
}

/** What a blob's first bytes say; blobs adopted by the migration were never sniffed: read them once, and keep what they say. */
export async function factsOf(ctx: Pick<ServerContext, 'blobs' | 'storage'>, blob: Blob): Promise<BlobFacts> {
  if (blob.isText !== null) return blob;
  const head = await storageRangeReader(ctx.storage, blob.storageKey, blob.size).read(0, SNIFF_BYTES);
  const facts = await sniffBlobFacts(head);
  await ctx.blobs.saveFacts(blob.id, facts);
  return facts;
}
