import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../database';

/** A calendar day, UTC, as `YYYY-MM-DD`. */
export type UsageDay = string;

export interface OrganizationUsage {
  /** Every project of the organization, most bytes first, with its available, unexpired artifacts. */
  byProject: Array<{ projectId: string; project: string; bytes: number; artifacts: number }>;
  storageDaily: Array<{ day: UsageDay; bytes: number }>;
  egressDaily: Array<{ day: UsageDay; bytes: number }>;
  /** The ten largest available, unexpired artifacts. */
  largest: Array<{ project: string; jobNumber: number; path: string; nodeIndex: number; size: number }>;
}

/** Storage in use (daily snapshots) and egress (bytes served), per organization and project. */
export interface UsageRepository {
  recordEgress(entry: { organizationId: string; projectId: string; bytes: number; day: UsageDay; at: Date }): Promise<void>;
  /**
   * One snapshot per project for `day` of its physical bytes (each AVAILABLE blob once, plus the
   * objects of PENDING, AVAILABLE or FAILED artifacts that are not a blob); a second one the same
   * day replaces the first. Answers the projects counted.
   */
  snapshotStorage(day: UsageDay): Promise<number>;
  organizationUsage(organizationId: string, now: Date, sinceDay: UsageDay): Promise<OrganizationUsage>;
}

export class PgUsageRepository implements UsageRepository {
  constructor(private readonly database: Database) {}

  async recordEgress(entry: { organizationId: string; projectId: string; bytes: number; day: UsageDay; at: Date }): Promise<void> {
    await this.database.db
      .insertInto('usage_records')
      .values({
        id: crypto.randomUUID(),
        organization_id: entry.organizationId,
        project_id: entry.projectId,
        kind: 'EGRESS',
        bytes: String(entry.bytes),
        day: entry.day,
        recorded_at: entry.at,
      })
      .execute();
  }

  async snapshotStorage(day: UsageDay): Promise<number> {
    return this.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('usage_records').where('kind', '=', 'STORAGE_SNAPSHOT').where('day', '=', sql<Date>`${day}::date`).execute();
      // Physical bytes, what the store holds and bills: each AVAILABLE blob once, however many
      // artifacts refer to it, plus the objects of uploads that are not a blob (in progress, failed).
      const inserted = await sql`
        INSERT INTO usage_records (id, organization_id, project_id, kind, bytes, day)
        SELECT gen_random_uuid(), p.organization_id, p.id, 'STORAGE_SNAPSHOT'::"UsageKind",
          COALESCE((SELECT SUM(b.size) FROM blobs b WHERE b.project_id = p.id AND b.state = 'AVAILABLE'), 0)
          + COALESCE((SELECT SUM(a.size) FROM artifacts a JOIN jobs j ON j.id = a.job_id
                      WHERE j.project_id = p.id AND a.blob_id IS NULL AND a.state IN ('PENDING', 'AVAILABLE', 'FAILED')), 0),
          ${day}::date
        FROM projects p`.execute(trx);
      return Number(inserted.numAffectedRows ?? 0);
    });
  }

  async organizationUsage(organizationId: string, now: Date, sinceDay: UsageDay): Promise<OrganizationUsage> {
    const db = this.database.db;
    const daily = (kind: 'STORAGE_SNAPSHOT' | 'EGRESS') =>
      db
        .selectFrom('usage_records')
        .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), sql<string>`SUM(bytes)::bigint`.as('bytes')])
        .where('organization_id', '=', organizationId)
        .where('kind', '=', kind)
        .where('day', '>=', sql<Date>`${sinceDay}::date`)
        .groupBy('day')
        .orderBy('day')
        .execute();
    const [byProject, storageDaily, egressDaily, largest] = await Promise.all([
      db
        .selectFrom('projects as p')
        .leftJoin('jobs as j', 'j.project_id', 'p.id')
        .leftJoin('artifacts as a', (join) => join.onRef('a.job_id', '=', 'j.id').on('a.state', '=', 'AVAILABLE').on('a.expires_at', '>', now))
        .select(['p.id', 'p.name', sql<string>`COALESCE(SUM(a.size), 0)::bigint`.as('bytes'), sql<string>`COUNT(a.id)::bigint`.as('artifacts')])
        .where('p.organization_id', '=', organizationId)
        .groupBy('p.id')
        .orderBy('bytes', 'desc')
        .orderBy('p.name')
        .execute(),
      daily('STORAGE_SNAPSHOT'),
      daily('EGRESS'),
      db
        .selectFrom('artifacts as a')
        .innerJoin('jobs as j', 'j.id', 'a.job_id')
        .innerJoin('projects as p', 'p.id', 'j.project_id')
        .select(['p.name', 'j.number', 'a.path', 'a.node_index', 'a.size'])
        .where('p.organization_id', '=', organizationId)
        .where('a.state', '=', 'AVAILABLE')
        .where('a.expires_at', '>', now)
        .orderBy('a.size', 'desc')
        .limit(10)
        .execute(),
    ]);
    const days = (rows: Array<{ day: string; bytes: string }>) => rows.map((row) => ({ day: row.day, bytes: Number(row.bytes) }));
    return {
      byProject: byProject.map((row) => ({ projectId: row.id, project: row.name, bytes: Number(row.bytes), artifacts: Number(row.artifacts) })),
      storageDaily: days(storageDaily),
      egressDaily: days(egressDaily),
      largest: largest.map((row) => ({ project: row.name, jobNumber: row.number, path: row.path, nodeIndex: row.node_index, size: Number(row.size) })),
    };
  }
}
