import { readCoreDump, withFileNameHints } from '@stowage/domain';
import { storageRangeReader } from '../../artifacts/storage-range-reader';
import type { ServerContext } from '../../server-context';

/**
 * Records a core dump's facts: what its bytes say is its blob's, read once (headers and notes,
 * ranged reads only) however many artifacts share those bytes; each artifact adds what its name
 * says (`core.%p.%E`). Idempotent.
 */
export async function indexCoreDump(
  ctx: Pick<ServerContext, 'artifacts' | 'blobs' | 'coreDumps' | 'storage'>,
  payload: { artifactId: string },
): Promise<'indexed' | 'not-core' | 'skipped'> {
  const artifact = await ctx.artifacts.findById(payload.artifactId);
  if (!artifact || artifact.state !== 'AVAILABLE') return 'skipped';
  const fileName = artifact.path.split('/').pop() ?? artifact.path;
  const blob = await ctx.blobs.findByArtifact(artifact.id);
  let bytesFacts = blob?.coreFacts ?? null;
  if (!bytesFacts) {
    const result = await readCoreDump(storageRangeReader(ctx.storage, artifact.storageKey, artifact.size));
    if (result.kind !== 'core') return 'not-core';
    bytesFacts = result.facts;
    if (blob) await ctx.blobs.saveCoreFacts(blob.id, bytesFacts);
  }
  await ctx.coreDumps.save(artifact.id, withFileNameHints(bytesFacts, fileName).facts);
  return 'indexed';
}
