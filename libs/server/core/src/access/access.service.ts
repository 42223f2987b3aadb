import type { ProjectRef } from '@stowage/contracts';
import {
  authorizeProject,
  userIdOf,
  vcsTypeOf,
  type MembershipRole,
  type OrganizationPermission,
  type Principal,
  type ProjectPermission,
  type ProjectWithOrganization,
} from '@stowage/domain';
import type { AccessRepository, JobFacts, ProjectFacts } from '@stowage/server-db';
import { requireJob, requireOrganization, requireProject } from './require-access';

export type { ProjectWithOrganization } from '@stowage/domain';
export type ProjectAccess = ProjectFacts;
export type JobAccess = JobFacts;

/**
 * TRANSITIONAL: the access checks the not-yet-moved services and controllers of the artifact and
 * upload slices still call, each delegating to require-access.ts and the domain's access policy.
 * Removed when those slices' use cases land; new code calls require-access.ts.
 */
export class AccessService {
  constructor(private readonly access: AccessRepository) {}

  requireProject(ref: ProjectRef, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    return requireProject(this.access, ref, principal, permission);
  }

  requireJob(ref: ProjectRef, jobNumber: number, principal: Principal, permission: ProjectPermission): Promise<JobAccess> {
    return requireJob(this.access, ref, jobNumber, principal, permission);
  }

  /** A job by id with its project authorized; null when there is no such job. */
  async authorizeJob(jobId: string, principal: Principal, permission: ProjectPermission): Promise<JobAccess | null> {
    const facts = await this.access.findJobById(jobId, userIdOf(principal));
    if (!facts) return null;
    authorizeProject(facts.project, facts.role, principal, permission);
    return facts;
  }

  /** The same rules for a project already loaded (its caller's role read again: nothing is cached). */
  async authorizeProject(project: ProjectWithOrganization, principal: Principal, permission: ProjectPermission): Promise<ProjectAccess> {
    const ref = { vcsType: vcsTypeOf(project.vcsType), organization: project.organization.slug, project: project.name };
    const role: MembershipRole | null = (await this.access.findProject(ref, userIdOf(principal)))?.role ?? null;
    authorizeProject(project, role, principal, permission);
    return { project, role };
  }

  requireOrganization(slug: string, principal: Principal, permission: OrganizationPermission) {
    return requireOrganization(this.access, slug, principal, permission);
  }
}
