import crypto from 'node:crypto';
import type { ProjectWithOrganization, VcsTypeRecord } from '@stowage/domain';
import type { Database } from '../database';
import { isUniqueViolation } from './unique-violation';

/**
 * Projects with their organization. Finding a project by reference, with the caller's role, is the
 * access repository's (it runs on every request); this one creates, renames and lists.
 */
/** A project's columns with its organization's (`o.*` as `org_*`), as `projectOf` maps them; `p` and `o` are the aliases. */
export const PROJECT_WITH_ORGANIZATION_COLUMNS = [
  'p.id',
  'p.organization_id',
  'p.vcs_type',
  'p.name',
  'p.is_private',
  'p.default_branch',
  'p.created_at',
  'o.slug as org_slug',
  'o.name as org_name',
  'o.artifact_retention_days as org_artifact_retention_days',
  'o.created_at as org_created_at',
] as const;

/** What an admin may change about a project; absent fields stay as they are. */
export interface ProjectChanges {
  name?: string;
  isPrivate?: boolean;
  defaultBranch?: string;
}

export interface ProjectRepository {
  /** Null when the organization has a project of that VCS type and name. */
  create(input: { organizationId: string; vcsType: VcsTypeRecord; name: string; isPrivate: boolean; defaultBranch?: string }): Promise<ProjectWithOrganization | null>;
  /** Null when the new name is taken in the organization. */
  update(projectId: string, changes: ProjectChanges): Promise<ProjectWithOrganization | null>;
  /** An organization's projects by name: all of them, or only the public ones. */
  listForOrganization(organizationId: string, options: { includePrivate: boolean }): Promise<ProjectWithOrganization[]>;
  /** The project's row; its jobs, artifact rows, core dumps and tokens go with it. Bytes must be gone first. */
  delete(projectId: string): Promise<void>;
}

export class PgProjectRepository implements ProjectRepository {
  constructor(private readonly database: Database) {}

  private withOrganization() {
    return this.database.db
      .selectFrom('projects as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(PROJECT_WITH_ORGANIZATION_COLUMNS);
  }

  private async find(projectId: string): Promise<ProjectWithOrganization> {
    return projectOf(await this.withOrganization().where('p.id', '=', projectId).executeTakeFirstOrThrow());
  }

  async create(input: { organizationId: string; vcsType: VcsTypeRecord; name: string; isPrivate: boolean; defaultBranch?: string }): Promise<ProjectWithOrganization | null> {
    const row = await this.database.db
      .insertInto('projects')
      .values({ id: crypto.randomUUID(), organization_id: input.organizationId, vcs_type: input.vcsType, name: input.name, is_private: input.isPrivate, ...(input.defaultBranch !== undefined && { default_branch: input.defaultBranch }) })
      .onConflict((oc) => oc.columns(['organization_id', 'vcs_type', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? this.find(row.id) : null;
  }

  async update(projectId: string, changes: ProjectChanges): Promise<ProjectWithOrganization | null> {
    const set = {
      ...(changes.name !== undefined && { name: changes.name }), ...(changes.isPrivate !== undefined && { is_private: changes.isPrivate }),
      ...(changes.defaultBranch !== undefined && { default_branch: changes.defaultBranch }),
    };
    if (Object.keys(set).length > 0) {
      try {
        await this.database.db.updateTable('projects').set(set).where('id', '=', projectId).execute();
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    }
    return this.find(projectId);
  }

  async listForOrganization(organizationId: string, options: { includePrivate: boolean }): Promise<ProjectWithOrganization[]> {
    let query = this.withOrganization().where('p.organization_id', '=', organizationId);
    if (!options.includePrivate) query = query.where('p.is_private', '=', false);
    return (await query.orderBy('p.name').execute()).map(projectOf);
  }

  async delete(projectId: string): Promise<void> {
    // Jobs, artifact rows, core dumps and tokens go with it (ON DELETE CASCADE).
    await this.database.db.deleteFrom('projects').where('id', '=', projectId).execute();
  }
}

/** A project row joined with its organization's columns (`org_*`), as this and the access repository select it. */
export function projectOf(row: {
  id: string;
  organization_id: string;
  vcs_type: VcsTypeRecord;
  name: string;
  is_private: boolean;
  default_branch: string;
  created_at: Date | string;
  org_slug: string;
  org_name: string;
  org_artifact_retention_days: number;
  org_created_at: Date | string;
}): ProjectWithOrganization {
  return {
    id: row.id,
    organizationId: row.organization_id,
    vcsType: row.vcs_type,
    name: row.name,
    isPrivate: row.is_private,
    defaultBranch: row.default_branch,
    createdAt: row.created_at as Date,
    organization: {
      id: row.organization_id,
      slug: row.org_slug,
      name: row.org_name,
      artifactRetentionDays: row.org_artifact_retention_days,
      createdAt: row.org_created_at as Date,
    },
  };
}
