import type { RecordUploadPartsRequest } from '@stowage/contracts';
import { invalidInput, notFound, partCountOf, partLengthOf, type Principal } from '@stowage/domain';
import { requireJobById } from '../../access/require-access';
import type { ServerContext } from '../../server-context';

/**
 * Parts an agent sent straight to the store (S3's presigned URLs), reported so that the server's
 * ledger knows them and a re-run resumes after them: the server never sees those bytes, and cannot
 * ask every store for an upload's parts (s3rver has no ListParts). The ETag is the agent's word;
 * a wrong one can only make its own completion fail (the store refuses it), so it is not checked
 * here. Parts sent to the API (filesystem) are recorded by the API itself, and not taken from agents.
 */
export async function recordUploadParts(
  ctx: Pick<ServerContext, 'access' | 'uploads' | 'storage' | 'clock'>,
  principal: Principal,
  request: RecordUploadPartsRequest,
): Promise<void> {
  const ids = [...new Set(request.parts.map((part) => part.artifactId))];
  const byId = new Map((await ctx.uploads.findForCompletion(ids)).map((artifact) => [artifact.id, artifact]));
  const checkedJobs = new Set<string>();
  for (const id of ids) {
    const artifact = byId.get(id);
    if (!artifact || artifact.state === 'DELETING') throw notFound(`upload ${id}`);
    if (checkedJobs.has(artifact.jobId)) continue;
    await requireJobById(ctx.access, artifact.jobId, principal, 'upload', `upload ${id}`);
    checkedJobs.add(artifact.jobId);
  }
  if (ctx.storage.kind === 'filesystem') throw invalidInput('this server receives the parts itself and records them; there is nothing to report');

  const now = ctx.clock.now();
  const parts = [];
  for (const { artifactId, partNumber, etag } of request.parts) {
    const artifact = byId.get(artifactId)!;
    // A completed (or failed) upload has nothing left to resume: its reports are late, not wrong.
    if (artifact.completedAt || artifact.state !== 'PENDING' || !artifact.uploadId) continue;
    const partCount = partCountOf(artifact.size, artifact.partSize);
    if (partNumber > partCount) throw invalidInput(`upload ${artifactId} has ${partCount} part(s), not part ${partNumber}`);
    parts.push({ artifactId, partNumber, size: partLengthOf(artifact.size, artifact.partSize, partNumber), etag, receivedAt: now });
  }
  await ctx.uploads.recordParts(parts);
}
