import { PURGE_PREVIEW_LIMIT, type PurgePreview, type PurgeRequest, type PurgeResult } from '@stowage/contracts';
import { conflict, notFound, type Artifact, type Blob } from '@stowage/domain';
import { ARTIFACT_STATE_VIEWS as STATE_VIEWS } from './artifact-state-view';
import type { ServerContext } from '../server-context';
import { sweepDeletingArtifacts } from './sweep-deleting-artifacts';

type PurgeContext = Pick<ServerContext, 'artifacts' | 'blobs' | 'storage'>;

/**
 * The artifact and the blob it refers to, once `authorize` accepts the artifact (the routes' access
 * check; the admin command has none). An artifact whose bytes are no blob (an upload in progress or
 * failed) has nothing to purge.
 */
export async function purgeTargetOf(
  ctx: Pick<ServerContext, 'artifacts' | 'blobs'>,
  artifactId: string,
  authorize: (artifact: Artifact) => Promise<unknown> = async () => undefined,
): Promise<{ artifact: Artifact; blob: Blob }> {
  const artifact = await ctx.artifacts.findById(artifactId);
  if (!artifact || artifact.state === 'DELETING') throw notFound('artifact');
  await authorize(artifact);
  const blob = await ctx.blobs.findByArtifact(artifact.id);
  if (!blob) throw conflict(`artifact ${artifact.id} holds no stored bytes to purge (it is ${artifact.state.toLowerCase()}): delete it instead`);
  return { artifact, blob };
}

/** What a purge of the artifact's bytes would delete: every artifact of the project referring to the same blob. */
export async function purgePreviewOf(ctx: Pick<ServerContext, 'blobs'>, artifact: Artifact, blob: Blob): Promise<PurgePreview> {
  const referrers = await ctx.blobs.listReferrers(blob.id, PURGE_PREVIEW_LIMIT);
  return {
    artifactId: artifact.id,
    sha256: blob.sha256,
    size: blob.size,
    artifactCount: referrers.total,
    artifacts: referrers.artifacts.map((r) => ({ id: r.id, jobNumber: r.jobNumber, nodeIndex: r.nodeIndex, path: r.path, size: r.size, state: STATE_VIEWS[r.state] })),
  };
}

/**
 * Deletes the bytes and every artifact referring to them, if the confirmation names what is there
 * now: the blob's SHA-256 and the count the preview showed. A claim racing the purge either commits
 * first (its artifact is counted, the count no longer matches, nothing is purged) or finds the blob
 * DELETING and sends the bytes again (blob.repository.ts). The sweep then deletes rows and object.
 */
export async function purgeBlob(ctx: PurgeContext, blob: Blob, confirmation: PurgeRequest): Promise<PurgeResult> {
  if (confirmation.sha256 !== blob.sha256) throw conflict(`the confirmation names bytes with SHA-256 ${confirmation.sha256}, but the artifact holds ${blob.sha256}`);
  const outcome = await ctx.blobs.purge(blob.id, confirmation.artifactCount);
  if (!outcome) throw notFound('artifact');
  if (!outcome.purged) {
    throw conflict(`${outcome.artifacts} artifact(s) refer to these bytes now, the confirmation named ${confirmation.artifactCount}: nothing was purged; preview the purge again`);
  }
  await sweepDeletingArtifacts(ctx);
  return { purgedArtifacts: outcome.artifacts, bytes: blob.size };
}
