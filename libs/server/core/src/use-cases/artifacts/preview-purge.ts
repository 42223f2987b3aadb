import type { PurgePreview } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireJobById } from '../../access/require-access';
import { purgePreviewOf, purgeTargetOf } from '../../artifacts/purge-bytes';
import type { ServerContext } from '../../server-context';

/** Before an admin purges an artifact's bytes: every artifact of the project that refers to them and would go too. */
export async function previewPurge(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'blobs'>, principal: Principal, input: { artifactId: string }): Promise<PurgePreview> {
  const { artifact, blob } = await purgeTargetOf(ctx, input.artifactId, (found) => requireJobById(ctx.access, found.jobId, principal, 'admin', 'artifact'));
  return purgePreviewOf(ctx, artifact, blob);
}
