import { authorizeProject, DomainError, notFound, type Job, type ProjectWithOrganization, type ShareScope } from '@stowage/domain';
import type { ResolvedShareLink } from '@stowage/server-db';
import { hashSecret } from '../../access/secret';
import type { ServerContext } from '../../server-context';

/** The one answer for every link that does not work, whatever the reason: it says nothing of what the link covered. */
export const shareLinkNotFound = () => notFound('link');

// generateSecret('shr'): the prefix and 32 random bytes in base64url.
const SECRET_SHAPE = /^shr_[A-Za-z0-9_-]{43}$/;

export interface OpenShareLink {
  link: ResolvedShareLink;
  project: ProjectWithOrganization;
  job: Job;
  scope: ShareScope;
}

/**
 * A secret to the link and the job it serves now, or the one 404: unknown, revoked, expired, turned
 * off for its organization, a stream with no successful job, or a creator who may no longer read
 * the project (decided by the access policy, as for any request of theirs). Nothing is cached.
 */
export async function openShareLink(ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'jobs' | 'clock'>, secret: string): Promise<OpenShareLink> {
  if (!SECRET_SHAPE.test(secret)) throw shareLinkNotFound();
  const link = await ctx.shareLinks.findBySecretHash(hashSecret(secret));
  if (!link || link.revokedAt || link.expiresAt <= ctx.clock.now() || !link.sharingEnabled) throw shareLinkNotFound();
  const jobId = link.job?.id ?? (link.stream ? (await ctx.jobs.findNewest(link.projectId, { name: link.stream.name, branch: link.stream.branch, status: 'SUCCESS' }))?.id : undefined);
  if (!jobId) throw shareLinkNotFound();
  const facts = await ctx.access.findJobById(jobId, link.creator.id);
  if (!facts || facts.project.id !== link.projectId) throw shareLinkNotFound();
  try {
    authorizeProject(facts.project, facts.role, { kind: 'user', userId: link.creator.id }, 'read');
  } catch (error) {
    if (error instanceof DomainError) throw shareLinkNotFound();
    throw error;
  }
  return { link, project: facts.project, job: facts.job, scope: { nodeIndex: link.nodeIndex, pathPrefix: link.pathPrefix } };
}
