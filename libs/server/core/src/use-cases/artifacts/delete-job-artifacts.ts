import type { ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireJob } from '../../access/require-access';
import { sweepDeletingArtifacts } from '../../artifacts/sweep-deleting-artifacts';
import type { ServerContext } from '../../server-context';

/** Admin deletion (a leaked secret must go at once): invisible now, bytes gone before this returns. */
export async function deleteJobArtifacts(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'blobs' | 'storage'>, principal: Principal, input: { ref: ProjectRef; jobNumber: number }): Promise<void> {
  const { job } = await requireJob(ctx.access, input.ref, input.jobNumber, principal, 'admin');
  await ctx.artifacts.markDeleting({ jobId: job.id });
  await sweepDeletingArtifacts(ctx);
}
