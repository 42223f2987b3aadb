import type { ProjectRef } from '@stowage/contracts';
import { vcsTypeRecordOf, type Job, type MembershipRole, type ProjectWithOrganization } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { AccessRepository, JobFacts, OrganizationFacts, ProjectFacts, StoredToken } from './access.repository';

/** AccessRepository over in-memory tables, for use-case unit tests; held to the same contract suite as PostgreSQL's. */
export class InMemoryAccessRepository implements AccessRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  async findTokenBySecretHash(secretHash: string): Promise<StoredToken | null> {
    const token = this.tables.tokens.find((t) => t.secretHash === secretHash);
    if (!token) return null;
    const { id, kind, scope, userId, projectId, lastUsedAt, revokedAt } = token;
    return { id, kind, scope, userId, projectId, lastUsedAt, revokedAt };
  }

  async recordTokenUse(tokenId: string, at: Date): Promise<void> {
    const token = this.tables.tokens.find((t) => t.id === tokenId);
    if (token) token.lastUsedAt = at;
  }

  async findSessionBySecretHash(secretHash: string) {
    const session = this.tables.sessions.find((s) => s.secretHash === secretHash);
    return session ? { userId: session.userId, expiresAt: session.expiresAt } : null;
  }

  private role(organizationId: string, userId: string | null): MembershipRole | null {
    if (userId === null) return null;
    return this.tables.memberships.find((m) => m.organizationId === organizationId && m.userId === userId)?.role ?? null;
  }

  private facts(projectId: string, userId: string | null): ProjectFacts | null {
    const project = this.tables.projects.find((p) => p.id === projectId);
    const organization = project && this.tables.organizations.find((o) => o.id === project.organizationId);
    if (!project || !organization) return null;
    const withOrganization: ProjectWithOrganization = { ...project, organization: { ...organization } };
    return { project: withOrganization, role: this.role(organization.id, userId) };
  }

  private projectIdOf(ref: ProjectRef): string | undefined {
    const organization = this.tables.organizations.find((o) => o.slug === ref.organization);
    return this.tables.projects.find(
      (p) => p.organizationId === organization?.id && p.vcsType === vcsTypeRecordOf(ref.vcsType) && p.name === ref.project,
    )?.id;
  }

  async findProject(ref: ProjectRef, userId: string | null): Promise<ProjectFacts | null> {
    const id = this.projectIdOf(ref);
    return id ? this.facts(id, userId) : null;
  }

  async findProjectJob(ref: ProjectRef, jobNumber: number, userId: string | null) {
    const facts = await this.findProject(ref, userId);
    if (!facts) return null;
    const job = this.tables.jobs.find((j) => j.projectId === facts.project.id && j.number === jobNumber);
    return { ...facts, job: job ? { ...job } : null };
  }

  async findJobById(jobId: string, userId: string | null): Promise<JobFacts | null> {
    const job: Job | undefined = this.tables.jobs.find((j) => j.id === jobId);
    const facts = job && this.facts(job.projectId, userId);
    return facts ? { ...facts, job: { ...job } } : null;
  }

  async findOrganization(slug: string, userId: string | null): Promise<OrganizationFacts | null> {
    const organization = this.tables.organizations.find((o) => o.slug === slug);
    if (!organization) return null;
    return {
      organization: { ...organization },
      role: this.role(organization.id, userId),
      hasPublicProject: this.tables.projects.some((p) => p.organizationId === organization.id && !p.isPrivate),
    };
  }
}
