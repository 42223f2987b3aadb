import crypto from 'node:crypto';
import type { Project, ProjectWithOrganization, VcsTypeRecord } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import type { ProjectChanges, ProjectRepository } from './project.repository';

/** ProjectRepository over in-memory tables; held to the same contract suite as PostgreSQL's. */
export class InMemoryProjectRepository implements ProjectRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private withOrganization(project: Project): ProjectWithOrganization {
    return { ...project, organization: { ...this.tables.organizations.find((o) => o.id === project.organizationId)! } };
  }

  private taken(organizationId: string, vcsType: VcsTypeRecord, name: string, except?: string): boolean {
    return this.tables.projects.some((p) => p.id !== except && p.organizationId === organizationId && p.vcsType === vcsType && p.name === name);
  }

  async create(input: { organizationId: string; vcsType: VcsTypeRecord; name: string; isPrivate: boolean; defaultBranch?: string }): Promise<ProjectWithOrganization | null> {
    if (this.taken(input.organizationId, input.vcsType, input.name)) return null;
    const { defaultBranch = 'main', ...rest } = input;
    const project = { id: crypto.randomUUID(), createdAt: this.tables.now(), ...rest, defaultBranch };
    this.tables.projects.push(project);
    return this.withOrganization(project);
  }

  async update(projectId: string, changes: ProjectChanges): Promise<ProjectWithOrganization | null> {
    const project = this.tables.projects.find((p) => p.id === projectId)!;
    if (changes.name !== undefined && this.taken(project.organizationId, project.vcsType, changes.name, project.id)) return null;
    if (changes.name !== undefined) project.name = changes.name;
    if (changes.isPrivate !== undefined) project.isPrivate = changes.isPrivate;
    if (changes.defaultBranch !== undefined) project.defaultBranch = changes.defaultBranch;
    return this.withOrganization(project);
  }

  async listForOrganization(organizationId: string, options: { includePrivate: boolean }): Promise<ProjectWithOrganization[]> {
    return this.tables.projects
      .filter((p) => p.organizationId === organizationId && (options.includePrivate || !p.isPrivate))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((p) => this.withOrganization(p));
  }

  async delete(projectId: string): Promise<void> {
    const jobIds = new Set(this.tables.jobs.filter((j) => j.projectId === projectId).map((j) => j.id));
    this.tables.artifacts = this.tables.artifacts.filter((a) => !jobIds.has(a.jobId));
    this.tables.jobs = this.tables.jobs.filter((j) => j.projectId !== projectId);
    this.tables.tokens = this.tables.tokens.filter((t) => t.projectId !== projectId);
    this.tables.projects = this.tables.projects.filter((p) => p.id !== projectId);
  }
}
