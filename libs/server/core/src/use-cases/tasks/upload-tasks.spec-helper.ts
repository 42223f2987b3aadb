import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArtifactRecord } from '@stowage/server-db/fakes';
import type { uploadWorld } from '../uploads/upload-world.spec-helper';

type World = Awaited<ReturnType<typeof uploadWorld>>;

export const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A completed, still pending upload with `stored` bytes behind it (none when null). */
export async function completedUpload(
  world: World,
  spec: { path: string; content?: Buffer; stored?: Buffer | null; nodeIndex?: number; computed?: boolean; createdAt?: Date; completedAt?: Date },
): Promise<ArtifactRecord> {
  const content = spec.content ?? Buffer.from(`content of ${spec.path}\n`);
  const stored = spec.stored === undefined ? content : spec.stored;
  const id = crypto.randomUUID();
  const storageKey = `artifacts/${world.organization.id}/${world.project.id}/${world.job.id}/${id}`;
  if (stored) await world.storage.put(storageKey, Readable.from([stored]));
  return world.seed.artifact({
    id,
    jobId: world.job.id,
    path: spec.path,
    nodeIndex: spec.nodeIndex ?? 0,
    size: content.length,
    sha256: sha256(content),
    computedSha256: spec.computed ? sha256(content) : null,
    storageKey,
    state: 'PENDING',
    createdAt: spec.createdAt ?? world.clock.now(),
    completedAt: spec.completedAt ?? world.clock.now(),
  });
}
