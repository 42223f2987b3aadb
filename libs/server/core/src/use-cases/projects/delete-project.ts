import type { ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import { sweepDeletingArtifacts } from '../../artifacts/sweep-deleting-artifacts';
import type { ServerContext } from '../../server-context';

/** A project with its jobs and artifacts, bytes first (admins). */
export async function deleteProject(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'blobs' | 'projects' | 'storage'>, principal: Principal, input: { ref: ProjectRef }): Promise<void> {
  const { project } = await requireProject(ctx.access, input.ref, principal, 'admin');
  await ctx.artifacts.markDeleting({ projectId: project.id });
  await sweepDeletingArtifacts(ctx);
  await ctx.projects.delete(project.id);
}
