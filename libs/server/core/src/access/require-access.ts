import type { ProjectRef } from '@stowage/contracts';
import {
  authorizeOrganization,
  authorizeProject,
  notFound,
  userIdOf,
  type MembershipRole,
  type Organization,
  type OrganizationPermission,
  type Principal,
  type ProjectPermission,
} from '@stowage/domain';
import type { AccessRepository, JobFacts, ProjectFacts } from '@stowage/server-db';

/**
 * The one helper every use case checks access through: the facts come from the access
 * repository (one query), the decision from the pure policy in libs/domain.
 */
export async function requireProject(access: AccessRepository, ref: ProjectRef, principal: Principal, permission: ProjectPermission): Promise<ProjectFacts> {
  const facts = await access.findProject(ref, userIdOf(principal));
  if (!facts) throw notFound(`project ${ref.organization}/${ref.project}`);
  authorizeProject(facts.project, facts.role, principal, permission);
  return facts;
}

/** requireProject and the project's job by number, in one query. Access is decided before the job: a hidden project is a 404 whatever follows it. */
export async function requireJob(access: AccessRepository, ref: ProjectRef, jobNumber: number, principal: Principal, permission: ProjectPermission): Promise<JobFacts> {
  const facts = await access.findProjectJob(ref, jobNumber, userIdOf(principal));
  if (!facts) throw notFound(`project ${ref.organization}/${ref.project}`);
  authorizeProject(facts.project, facts.role, principal, permission);
  if (!facts.job) throw notFound(`job ${jobNumber}`);
  return { ...facts, job: facts.job };
}

/** A job by id (download URLs name jobs by id) with its project authorized; `notFoundAs` names what the caller asked for. */
export async function requireJobById(access: AccessRepository, jobId: string, principal: Principal, permission: ProjectPermission, notFoundAs: string): Promise<JobFacts> {
  const facts = await access.findJobById(jobId, userIdOf(principal));
  if (!facts) throw notFound(notFoundAs);
  authorizeProject(facts.project, facts.role, principal, permission);
  return facts;
}

export async function requireOrganization(
  access: AccessRepository,
  slug: string,
  principal: Principal,
  permission: OrganizationPermission,
): Promise<{ organization: Organization; role: MembershipRole | null }> {
  const facts = await access.findOrganization(slug, userIdOf(principal));
  if (!facts) throw notFound(`organization ${slug}`);
  authorizeOrganization({ slug, hasPublicProject: facts.hasPublicProject }, facts.role, principal, permission);
  return { organization: facts.organization, role: facts.role };
}
