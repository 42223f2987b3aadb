import type { ClaimUploadsRequest, ClaimUploadsResponse } from '@stowage/contracts';
import { maySkipStoredBytes, notFound, type Principal } from '@stowage/domain';
import type { PendingClaim } from '@stowage/server-db';
import { requireJobById } from '../../access/require-access';
import { factsOf } from '../../artifacts/claim-stored-bytes';
import { contentTypeOf } from '../../artifacts/content-type';
import type { ServerContext } from '../../server-context';

/**
 * An agent that hashes large files while sending them names each digest as soon as it has it:
 * an upload whose bytes its project already holds becomes available at once (its store upload is
 * aborted; parts still arriving are refused), so a repeated file costs one read, not one transfer.
 * Only for callers who may read the project (maySkipStoredBytes); everyone else sends on.
 */
export async function claimUploads(
  ctx: Pick<ServerContext, 'access' | 'uploads' | 'blobs' | 'storage' | 'tasks' | 'clock' | 'logger'>,
  principal: Principal,
  request: ClaimUploadsRequest,
): Promise<ClaimUploadsResponse> {
  const rows = new Map((await ctx.uploads.findForCompletion(request.uploads.map((u) => u.artifactId))).map((row) => [row.id, row]));
  const claims: Array<PendingClaim & { uploadId: string; uploadKey: string; isElfCore: boolean }> = [];
  const maySkip = new Map<string, { projectId: string; allowed: boolean }>();
  for (const { artifactId, sha256 } of request.uploads) {
    const row = rows.get(artifactId);
    if (!row || row.state === 'DELETING') throw notFound(`upload ${artifactId}`);
    if (!maySkip.has(row.jobId)) {
      const { project, role } = await requireJobById(ctx.access, row.jobId, principal, 'upload', `upload ${artifactId}`);
      maySkip.set(row.jobId, { projectId: project.id, allowed: maySkipStoredBytes(role, principal, project.id) });
    }
    const access = maySkip.get(row.jobId)!;
    if (!access.allowed || row.state !== 'PENDING' || row.completedAt || !row.uploadId) continue;
    const [blob] = await ctx.blobs.findStored(access.projectId, [{ sha256, size: row.size }]);
    // Bytes that cannot be read now are not claimed: the agent sends them, and verify reports the blob.
    const facts = blob ? await factsOf(ctx, blob).catch(() => null) : null;
    if (!blob || !facts) continue;
    claims.push({
      id: row.id,
      pathKey: `${row.jobId}/${row.nodeIndex}/${row.path}`,
      sha256,
      blobId: blob.id,
      storageKey: blob.storageKey,
      contentType: contentTypeOf(facts, row.path),
      isElfCore: facts.isElfCore,
      uploadId: row.uploadId,
      uploadKey: row.storageKey,
    });
  }
  const { claimed, replaced } = await ctx.uploads.claimPending(ctx.clock.now(), claims);
  for (const claim of claims.filter((c) => claimed.has(c.id))) {
    // The bytes sent so far are no one's: the abandoned-upload sweep would find them too.
    await ctx.storage.abortMultipartUpload(claim.uploadKey, claim.uploadId).catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not abort a claimed upload; the abandoned-upload sweep will'));
  }
  const cores = claims.filter((c) => c.isElfCore && claimed.has(c.id));
  await ctx.tasks
    .enqueueMany('index-core-dump', cores.map((c) => ({ payload: { artifactId: c.id }, taskId: `core-${c.id}` })))
    .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not enqueue core-dump indexing for claimed uploads'));
  if (replaced > 0) await ctx.tasks.enqueue('expire-artifacts', {}).catch(() => undefined);
  return { uploads: request.uploads.map(({ artifactId }) => ({ artifactId, state: claimed.has(artifactId) ? 'stored' : 'send' })) };
}
