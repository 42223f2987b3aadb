import type { PurgeRequest, PurgeResult } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireJobById } from '../../access/require-access';
import { purgeBlob, purgeTargetOf } from '../../artifacts/purge-bytes';
import type { ServerContext } from '../../server-context';

/**
 * An admin purges an artifact's bytes (a leaked secret in a log): the blob and every artifact of the
 * project referring to it go, bytes included, and a later upload of those bytes must send them again.
 * The confirmation must name the blob's SHA-256 and the count previewPurge listed.
 */
export async function purgeArtifactBytes(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'blobs' | 'storage'>,
  principal: Principal,
  input: { artifactId: string; confirmation: PurgeRequest },
): Promise<PurgeResult> {
  const { blob } = await purgeTargetOf(ctx, input.artifactId, (found) => requireJobById(ctx.access, found.jobId, principal, 'admin', 'artifact'));
  return purgeBlob(ctx, blob, input.confirmation);
}
