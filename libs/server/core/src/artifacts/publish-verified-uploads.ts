import type { BlobFacts } from '@stowage/domain';
import type { CompletedUploadRecord } from '@stowage/server-db';
import type { ServerContext } from '../server-context';
import { contentTypeOf } from './content-type';

/** An upload whose object was checked against its declared size and SHA-256, with what its first bytes say. */
export interface VerifiedUploadBytes {
  row: Pick<CompletedUploadRecord, 'id' | 'jobId' | 'projectId' | 'nodeIndex' | 'path' | 'size' | 'storageKey' | 'createdAt'>;
  sha256: string;
  facts: BlobFacts;
}

export interface PublishOutcome {
  published: Set<string>;
  /** Older uploads of a path in the same batch, dropped. */
  superseded: Set<string>;
  /** Published uploads whose bytes the project already held: their own objects were deleted. */
  deduplicated: Set<string>;
}

const pathKey = (row: VerifiedUploadBytes['row']) => `${row.jobId}/${row.nodeIndex}/${row.path}`;

/**
 * Makes verified uploads available, each referring to its project's blob of those bytes (the
 * upload's own object becomes the blob when the project holds no such bytes yet, else it is
 * dropped), replacing earlier artifacts at their paths; per (job, container, path) the newest upload
 * of the batch wins. What finalization and the batch stream share once bytes are known good.
 */
export async function publishVerifiedUploads(
  ctx: Pick<ServerContext, 'uploads' | 'blobs' | 'storage' | 'tasks' | 'clock' | 'logger'>,
  verified: readonly VerifiedUploadBytes[],
): Promise<PublishOutcome> {
  const newest = new Map<string, VerifiedUploadBytes>();
  for (const item of verified) {
    const current = newest.get(pathKey(item.row));
    if (!current || item.row.createdAt > current.row.createdAt) newest.set(pathKey(item.row), item);
  }
  const winners = [...newest.values()].map(({ row, sha256, facts }) => ({
    id: row.id,
    pathKey: pathKey(row),
    projectId: row.projectId,
    sha256,
    size: row.size,
    storageKey: row.storageKey,
    contentType: contentTypeOf(facts, row.path),
    facts,
  }));
  const losers = verified.filter((item) => newest.get(pathKey(item.row)) !== item).map((item) => item.row.id);
  const { published, superseded, replaced, deduplicated } = await ctx.uploads.publish(ctx.clock.now(), winners, losers);

  const cores = verified.filter((item) => item.facts.isElfCore && published.has(item.row.id));
  await ctx.tasks.enqueueMany('index-core-dump', cores.map(({ row }) => ({ payload: { artifactId: row.id }, taskId: `core-${row.id}` })));
  if (replaced > 0 || superseded.size > 0) await ctx.tasks.enqueue('expire-artifacts', {}).catch(() => undefined);
  if (deduplicated.size > 0) await dropOrphanedObjects(ctx).catch((error: unknown) => ctx.logger.warn({ err: error }, 'orphaned objects left to the next sweep'));
  return { published, superseded, deduplicated };
}

/** The uploads' objects a blob made redundant; the table keeps them for the sweep should this fail. */
async function dropOrphanedObjects(ctx: Pick<ServerContext, 'blobs' | 'storage'>): Promise<void> {
  const keys = await ctx.blobs.listOrphanedObjects(1000);
  if (!keys.length) return;
  await ctx.storage.deleteMany(keys);
  await ctx.blobs.removeOrphanedObjects(keys);
}
