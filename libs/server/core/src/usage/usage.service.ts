import type { Usage } from '@stowage/contracts';
import type { Clock } from '@stowage/domain';
import type { Db } from '@stowage/server-db';

const DAY_MS = 24 * 3600_000;
const day = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

/** Storage in use (daily snapshots from the database) and egress (bytes served per download). */
export class UsageService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Served bytes, or the object's size when the client was redirected to a presigned URL. */
  async recordEgress(organizationId: string, projectId: string, bytes: number): Promise<void> {
    if (bytes <= 0) return;
    const now = this.clock.now();
    await this.db.usageRecord.create({ data: { organizationId, projectId, kind: 'EGRESS', bytes: BigInt(bytes), day: day(now), recordedAt: now } });
  }

  /** One snapshot per project and day; taking it again the same day replaces it. */
  async snapshotStorage(): Promise<number> {
    const today = day(this.clock.now());
    const rows = await this.db.$queryRaw<Array<{ organization_id: string; project_id: string; bytes: bigint }>>`
      SELECT p.organization_id, p.id AS project_id, COALESCE(SUM(a.size), 0)::bigint AS bytes
      FROM projects p LEFT JOIN jobs j ON j.project_id = p.id
      LEFT JOIN artifacts a ON a.job_id = j.id AND a.state IN ('AVAILABLE', 'PENDING', 'FAILED')
      GROUP BY p.organization_id, p.id`;
    await this.db.$transaction([
      this.db.usageRecord.deleteMany({ where: { kind: 'STORAGE_SNAPSHOT', day: today } }),
      this.db.usageRecord.createMany({
        data: rows.map((row) => ({ organizationId: row.organization_id, projectId: row.project_id, kind: 'STORAGE_SNAPSHOT' as const, bytes: row.bytes, day: today })),
      }),
    ]);
    return rows.length;
  }

  async usage(organizationId: string, organizationSlug: string): Promise<Usage> {
    const now = this.clock.now();
    const since = day(new Date(now.getTime() - 29 * DAY_MS));
    const byProject = await this.db.$queryRaw<Array<{ name: string; vcs_type: string; bytes: bigint; artifacts: bigint }>>`
      SELECT p.name, p.vcs_type::text, COALESCE(SUM(a.size), 0)::bigint AS bytes, COUNT(a.id)::bigint AS artifacts
      FROM projects p LEFT JOIN jobs j ON j.project_id = p.id
      LEFT JOIN artifacts a ON a.job_id = j.id AND a.state = 'AVAILABLE' AND a.expires_at > ${now}
      WHERE p.organization_id = ${organizationId}::uuid GROUP BY p.id ORDER BY bytes DESC, p.name`;
    const storageDaily = await this.db.$queryRaw<Array<{ day: Date; bytes: bigint }>>`
      SELECT day, SUM(bytes)::bigint AS bytes FROM usage_records
      WHERE organization_id = ${organizationId}::uuid AND kind = 'STORAGE_SNAPSHOT' AND day >= ${since}
      GROUP BY day ORDER BY day`;
    const egressDaily = await this.db.$queryRaw<Array<{ day: Date; bytes: bigint }>>`
      SELECT day, SUM(bytes)::bigint AS bytes FROM usage_records
      WHERE organization_id = ${organizationId}::uuid AND kind = 'EGRESS' AND day >= ${since}
      GROUP BY day ORDER BY day`;
    const largest = await this.db.$queryRaw<Array<{ name: string; number: number; path: string; node_index: number; size: bigint }>>`
      SELECT p.name, j.number, a.path, a.node_index, a.size FROM artifacts a
      JOIN jobs j ON j.id = a.job_id JOIN projects p ON p.id = j.project_id
      WHERE p.organization_id = ${organizationId}::uuid AND a.state = 'AVAILABLE' AND a.expires_at > ${now}
      ORDER BY a.size DESC LIMIT 10`;
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const storageTotal = byProject.reduce((sum, row) => sum + Number(row.bytes), 0);
    return {
      organization: organizationSlug,
      storage: {
        totalBytes: storageTotal,
        byProject: byProject.map((row) => ({ project: row.name, bytes: Number(row.bytes), artifacts: Number(row.artifacts) })),
        daily: storageDaily.map((row) => ({ day: iso(row.day), bytes: Number(row.bytes) })),
      },
      egress: {
        totalBytes: egressDaily.reduce((sum, row) => sum + Number(row.bytes), 0),
        daily: egressDaily.map((row) => ({ day: iso(row.day), bytes: Number(row.bytes) })),
      },
      largestArtifacts: largest.map((row) => ({ project: row.name, jobNumber: row.number, path: row.path, nodeIndex: row.node_index, size: Number(row.size) })),
    };
  }
}
