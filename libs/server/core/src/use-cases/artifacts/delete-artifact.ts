import { notFound, type Principal } from '@stowage/domain';
import { requireJobById } from '../../access/require-access';
import { sweepDeletingArtifacts } from '../../artifacts/sweep-deleting-artifacts';
import type { ServerContext } from '../../server-context';

/** Admin deletion of one artifact: invisible now, bytes gone before this returns. */
export async function deleteArtifact(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'blobs' | 'storage'>, principal: Principal, input: { artifactId: string }): Promise<void> {
  const artifact = await ctx.artifacts.findById(input.artifactId);
  if (!artifact || artifact.state === 'DELETING') throw notFound('artifact');
  await requireJobById(ctx.access, artifact.jobId, principal, 'admin', 'artifact');
  await ctx.artifacts.markDeleting({ artifactId: artifact.id });
  await sweepDeletingArtifacts(ctx);
}
