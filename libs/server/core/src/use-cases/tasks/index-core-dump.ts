import { readCoreDump } from '@stowage/domain';
import { storageRangeReader } from '../../artifacts/storage-range-reader';
import type { ServerContext } from '../../server-context';

/** Reads a core dump's headers and notes (ranged reads only) and records its facts. Idempotent. */
export async function indexCoreDump(ctx: Pick<ServerContext, 'artifacts' | 'coreDumps' | 'storage'>, payload: { artifactId: string }): Promise<'indexed' | 'not-core' | 'skipped'> {
  const artifact = await ctx.artifacts.findById(payload.artifactId);
  if (!artifact || artifact.state !== 'AVAILABLE') return 'skipped';
  const fileName = artifact.path.split('/').pop() ?? artifact.path;
  const result = await readCoreDump(storageRangeReader(ctx.storage, artifact.storageKey, artifact.size), { fileName });
  if (result.kind !== 'core') return 'not-core';
  await ctx.coreDumps.save(artifact.id, result.facts);
  return 'indexed';
}
