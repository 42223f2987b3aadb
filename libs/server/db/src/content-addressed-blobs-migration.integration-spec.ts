import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, dropDatabase, ensureDatabase } from './migrator';

const migrationsDir = path.resolve(__dirname, '../../../../prisma/migrations');
const BLOBS_MIGRATION = '20261206000000_content_addressed_blobs';
const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The migration that introduced blobs, on data that predates it: every available artifact is
 * adopted without copying a byte. Applied to a scratch database up to the migration before it,
 * seeded with the old schema's rows, then migrated the rest of the way.
 */
describe(`migration ${BLOBS_MIGRATION}`, () => {
  const url = (() => {
    const u = new URL(process.env.DATABASE_URL as string);
    u.pathname = `${u.pathname}_blob_adoption`;
    return u.toString();
  })();
  let earlier: string;
  let client: Client;

  beforeAll(async () => {
    await dropDatabase(url);
    await ensureDatabase(url);
    // The migrations before the blobs one, in a directory of their own (same files, same checksums).
    earlier = await fs.mkdtemp(path.join(os.tmpdir(), 'stowage-migrations-'));
    for (const entry of await fs.readdir(migrationsDir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < BLOBS_MIGRATION) await fs.cp(path.join(migrationsDir, entry.name), path.join(earlier, entry.name), { recursive: true });
    }
    await applyMigrations({ databaseUrl: url, migrationsDir: earlier });
    client = new Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await dropDatabase(url);
    await fs.rm(earlier, { recursive: true, force: true });
  });

  it('makes one blob per project, digest and size from the oldest available artifact, orphans the other copies, and leaves pending and failed uploads alone', async () => {
    const org = crypto.randomUUID();
    const [p1, p2, j1, j2] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await client.query(`INSERT INTO organizations (id, slug, name) VALUES ($1, 'acme', 'Acme')`, [org]);
    await client.query(`INSERT INTO projects (id, organization_id, vcs_type, name) VALUES ($1, $3, 'GITHUB', 'app'), ($2, $3, 'GITHUB', 'lib')`, [p1, p2, org]);
    await client.query(`INSERT INTO jobs (id, project_id, number) VALUES ($1, $2, 1), ($3, $4, 1)`, [j1, p1, j2, p2]);
    const bytes = 'same bytes';
    const artifact = async (a: { id: string; job: string; path: string; key: string; state: string; sha256: string | null; computed?: string; createdAt: string }) =>
      client.query(
        `INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, computed_sha256, file_mode, storage_key, state, part_size, created_at, available_at, expires_at)
         VALUES ($1, $2, 0, $3, $4, $5, $6, 420, $7, $8::"ArtifactState", 1, $9::timestamptz, CASE WHEN $8::text = 'AVAILABLE' THEN $9::timestamptz END, now() + interval '30 days')`,
        [a.id, a.job, a.path, bytes.length, a.sha256, a.computed ?? null, a.key, a.state, a.createdAt],
      );
    // The oldest copy has the larger id: adoption goes by age, not by id.
    const oldest = 'ffffffff-0000-4000-8000-000000000001';
    const newer = '00000000-0000-4000-8000-000000000002';
    await artifact({ id: oldest, job: j1, path: 'first.txt', key: 'artifacts/first', state: 'AVAILABLE', sha256: sha(bytes), createdAt: '2026-11-01T00:00:00Z' });
    // Declared at completion by an agent that hashes while sending: only the server's digest is known.
    await artifact({ id: newer, job: j1, path: 'second.txt', key: 'artifacts/second', state: 'AVAILABLE', sha256: null, computed: sha(bytes), createdAt: '2026-11-02T00:00:00Z' });
    const other = crypto.randomUUID();
    await artifact({ id: other, job: j2, path: 'first.txt', key: 'artifacts/other-project', state: 'AVAILABLE', sha256: sha(bytes), createdAt: '2026-11-03T00:00:00Z' });
    const pending = crypto.randomUUID();
    await artifact({ id: pending, job: j1, path: 'pending.txt', key: 'artifacts/pending', state: 'PENDING', sha256: sha(bytes), createdAt: '2026-10-01T00:00:00Z' });
    const failed = crypto.randomUUID();
    await artifact({ id: failed, job: j1, path: 'failed.txt', key: 'artifacts/failed', state: 'FAILED', sha256: sha(bytes), createdAt: '2026-10-01T00:00:00Z' });

    const rest = await applyMigrations({ databaseUrl: url, migrationsDir });
    expect(rest.applied[0]).toBe(BLOBS_MIGRATION);

    const { rows: blobs } = await client.query(`SELECT id, project_id, sha256, size::int AS size, storage_key, state, is_elf_core, created_at FROM blobs ORDER BY storage_key`);
    expect(blobs).toEqual([
      expect.objectContaining({ project_id: p1, sha256: sha(bytes), size: bytes.length, storage_key: 'artifacts/first', state: 'AVAILABLE', is_elf_core: false, created_at: new Date('2026-11-01T00:00:00Z') }),
      expect.objectContaining({ project_id: p2, sha256: sha(bytes), size: bytes.length, storage_key: 'artifacts/other-project', state: 'AVAILABLE' }),
    ]);
    const [b1, b2] = blobs.map((b) => b.id);
    const { rows: orphans } = await client.query(`SELECT storage_key FROM orphaned_objects`);
    expect(orphans).toEqual([{ storage_key: 'artifacts/second' }]);
    const { rows: artifacts } = await client.query(`SELECT id, state, blob_id, storage_key FROM artifacts`);
    const byId = Object.fromEntries(artifacts.map((a) => [a.id, a]));
    expect(byId[oldest]).toMatchObject({ blob_id: b1, storage_key: 'artifacts/first', state: 'AVAILABLE' });
    expect(byId[newer]).toMatchObject({ blob_id: b1, storage_key: 'artifacts/first', state: 'AVAILABLE' });
    expect(byId[other]).toMatchObject({ blob_id: b2, storage_key: 'artifacts/other-project', state: 'AVAILABLE' });
    expect(byId[pending]).toMatchObject({ blob_id: null, storage_key: 'artifacts/pending', state: 'PENDING' });
    expect(byId[failed]).toMatchObject({ blob_id: null, storage_key: 'artifacts/failed', state: 'FAILED' });
  });
});
