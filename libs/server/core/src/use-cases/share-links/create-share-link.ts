import type { CreateShareLinkRequest, ProjectRef } from '@stowage/contracts';
import { canonicalSharePrefix, forbidden, invalidInput, notFound, requireUser, type Principal, type ShareScope } from '@stowage/domain';
import { requireJob, requireProject } from '../../access/require-access';
import { generateSecret, hashSecret } from '../../access/secret';
import type { ServerContext } from '../../server-context';
import { shareLinkView } from './share-link.view';

/**
 * A member who may read the project shares one file, a folder, a container or a whole job, of a
 * fixed job or of a stream (the newest successful job with a name on a branch). The link lives one
 * hour to 30 days and never past the latest expiry of the artifacts it covers now. Its secret
 * (256 random bits) is answered here only; the database keeps its SHA-256.
 */
export async function createShareLink(
  ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'jobs' | 'clock' | 'config'>,
  principal: Principal,
  input: { project: ProjectRef; request: CreateShareLinkRequest },
) {
  const { project, role } = await requireProject(ctx.access, input.project, principal, 'read');
  const userId = requireUser(principal);
  if (role === null) throw forbidden("only members of the project's organization may share its artifacts");
  if (!(await ctx.shareLinks.organizationEnabled(project.organizationId))) throw forbidden('share links are turned off for this organization');
  const request = input.request;
  const pathPrefix = canonicalSharePrefix(request.path);
  if (pathPrefix === null) throw invalidInput(`"${request.path}" is not an artifact path or folder`);
  const scope: ShareScope = { nodeIndex: request.nodeIndex ?? null, pathPrefix };

  const target = request.target;
  let jobId: string;
  if ('jobNumber' in target) {
    jobId = (await requireJob(ctx.access, input.project, target.jobNumber, principal, 'read')).job.id;
  } else {
    const job = await ctx.jobs.findNewest(project.id, { name: target.stream.name, branch: target.stream.branch, status: 'SUCCESS' });
    if (!job) throw notFound(`a successful job named "${target.stream.name}" on branch "${target.stream.branch}"`);
    jobId = job.id;
  }

  const now = ctx.clock.now();
  const latest = await ctx.shareLinks.latestArtifactExpiry(jobId, scope, now);
  if (!latest) throw notFound('available artifacts in this scope');
  const expiresAt = new Date(now.getTime() + request.expiresInSeconds * 1000);
  if (expiresAt > latest) throw invalidInput(`these artifacts expire at ${latest.toISOString()}; a link cannot outlive them`);

  const secret = generateSecret('shr');
  const link = await ctx.shareLinks.create({
    projectId: project.id,
    createdBy: userId,
    secretHash: hashSecret(secret),
    target: 'jobNumber' in target ? { jobId } : { stream: target.stream },
    nodeIndex: scope.nodeIndex,
    pathPrefix,
    note: request.note ?? null,
    expiresAt,
  });
  return { ...shareLinkView(link, now), secret, url: `${ctx.config.artifactsUrl}/s/${secret}/listing` };
}
