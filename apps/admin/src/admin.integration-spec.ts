import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { RESERVED_ORGANIZATION_SLUGS } from '@stowage/contracts';
import { dropDatabase, ensureDatabase } from '@stowage/server-db';
import { createStorage } from '@stowage/server-storage';
import { findWorkspaceRoot, testAppConfig, testEnvironment } from '@stowage/testing';

/** The built stowage-admin as an operator runs it (build it first: `npx nx build admin`). */
const entry = path.join(findWorkspaceRoot(), 'dist/apps/admin/apps/admin/src/main.js');

function admin(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build the admin first (npx nx build admin)`);
});

describe('stowage-admin org create', () => {
  const env = () => testEnvironment({ storage: 'filesystem' });

  test.each(['settings', 'Sign-In', 'CLI'])('refuses %s, a route of the web app, naming every reserved slug', async (slug) => {
    const result = await admin(['org', 'create', slug], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`"${slug}" is reserved`);
    for (const name of RESERVED_ORGANIZATION_SLUGS) expect(result.stderr).toContain(name);
    expect(result.stdout).toBe('');
  });

  test('creates an organization whose slug only resembles a route', async () => {
    const slug = `settings-${Math.random().toString(36).slice(2, 8)}`;
    const result = await admin(['org', 'create', slug], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug });
  });
});

describe('stowage-admin project create', () => {
  const env = () => testEnvironment({ storage: 'filesystem' });

  test('sets the default branch (main unless --default-branch names another) and refuses an invalid one', async () => {
    const org = `branches-${Math.random().toString(36).slice(2, 8)}`;
    expect((await admin(['org', 'create', org], env())).code).toBe(0);
    expect(JSON.parse((await admin(['project', 'create', org, 'app'], env())).stdout)).toMatchObject({ name: 'app', defaultBranch: 'main' });
    expect(JSON.parse((await admin(['project', 'create', org, 'lib', '--default-branch', 'trunk'], env())).stdout)).toMatchObject({ name: 'lib', defaultBranch: 'trunk' });
    const refused = await admin(['project', 'create', org, 'web', '--default-branch', 'a..b'], env());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('".."');
  });
});

describe('stowage-admin token create-project', () => {
  const env = () => testEnvironment({ storage: 'filesystem' });
  const run = async (args: string[]) => {
    const result = await admin(args, env());
    if (result.code !== 0) throw new Error(`admin ${args.join(' ')} failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };

  test('issues a token with each project scope, upload-read included, and refuses the personal scope "all"', async () => {
    const org = `scopes-${Math.random().toString(36).slice(2, 8)}`;
    const owner = `${org}@acme.test`;
    await run(['org', 'create', org]);
    await run(['user', 'create', owner]);
    await run(['member', 'add', org, owner, '--role', 'admin']);
    await run(['project', 'create', org, 'app']);
    for (const scope of ['upload', 'read', 'upload-read']) {
      expect(await run(['token', 'create-project', org, 'app', `ci-${scope}`, '--owner', owner, '--scope', scope])).toMatchObject({ kind: 'project', scope, project: `gh/${org}/app` });
    }
    const refused = await admin(['token', 'create-project', org, 'app', 'ci-all', '--owner', owner, '--scope', 'all'], env());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('upload-read');
  });
});

describe('stowage-admin migrate', () => {
  // A database of its own: the organizations below predate the rule, so they are inserted as SQL.
  const databaseUrl = (() => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `${url.pathname}_admin_migrate`;
    return url.toString();
  })();
  const env = () => testEnvironment({ storage: 'filesystem', extra: { DATABASE_URL: databaseUrl } });

  beforeAll(async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
  });
  afterAll(() => dropDatabase(databaseUrl));

  test('reports organizations that already hold a reserved slug, as a warning that does not fail the migration', async () => {
    const first = await admin(['migrate'], env());
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ reservedOrganizationSlugs: [] });
    expect(first.stderr).not.toContain('warning');

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const slug of ['Settings', 'output', 'acme']) await client.query('INSERT INTO organizations (id, slug, name) VALUES (gen_random_uuid(), $1, $1)', [slug]);
    } finally {
      await client.end();
    }

    const second = await admin(['migrate'], env());
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ applied: [], reservedOrganizationSlugs: ['output', 'Settings'] });
    expect(report.alreadyApplied.length).toBeGreaterThan(0);
    expect(second.stderr).toMatch(/warning: organizations output, Settings hold slugs reserved for the web app's routes/);
    expect(second.stderr).not.toContain('acme');
  });
});

describe('stowage-admin verify and artifacts purge', () => {
  // A database of its own: verify checks every blob of the store, and the other tests' objects live elsewhere.
  const databaseUrl = (() => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `${url.pathname}_admin_verify`;
    return url.toString();
  })();
  let env: Record<string, string>;
  let client: Client;
  const storage = () => {
    const config = testAppConfig(env);
    return createStorage(config.storage, { signingSecret: config.signingSecret, publicUrl: config.publicUrl }).driver;
  };
  const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

  beforeAll(async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    env = testEnvironment({ storage: 'filesystem', extra: { DATABASE_URL: databaseUrl } });
    expect((await admin(['migrate'], env)).code).toBe(0);
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await dropDatabase(databaseUrl);
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  /** A blob of `content` in a fresh project, referred to by artifacts at `paths`, its object stored unless `stored` is false. */
  async function stored(content: string, paths: string[], options: { stored?: boolean } = {}) {
    const { rows: [org] } = await client.query(`INSERT INTO organizations (id, slug, name) VALUES (gen_random_uuid(), $1, 'Org') RETURNING id`, [`verify-${crypto.randomUUID().slice(0, 8)}`]);
    const { rows: [project] } = await client.query(`INSERT INTO projects (id, organization_id, vcs_type, name) VALUES (gen_random_uuid(), $1, 'GITHUB', 'app') RETURNING id`, [org.id]);
    const { rows: [job] } = await client.query(`INSERT INTO jobs (id, project_id, number) VALUES (gen_random_uuid(), $1, 1) RETURNING id`, [project.id]);
    const key = `artifacts/${org.id}/${project.id}/${job.id}/${crypto.randomUUID()}`;
    const { rows: [blob] } = await client.query(`INSERT INTO blobs (id, project_id, sha256, size, storage_key) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`, [project.id, sha256(content), content.length, key]);
    const artifactIds: string[] = [];
    for (const artifactPath of paths) {
      const { rows: [artifact] } = await client.query(
        `INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, blob_id, state, part_size, available_at, expires_at)
         VALUES (gen_random_uuid(), $1, 0, $2, $3, $4, 420, $5, $6, 'AVAILABLE', 1, now(), now() + interval '30 days') RETURNING id`,
        [job.id, artifactPath, content.length, sha256(content), key, blob.id],
      );
      artifactIds.push(artifact.id);
    }
    if (options.stored !== false) await storage().put(key, Readable.from([Buffer.from(content)]));
    return { blobId: blob.id as string, key, artifactIds };
  }
  const stateOf = async (artifactId: string) => (await client.query('SELECT state, failure_reason FROM artifacts WHERE id = $1', [artifactId])).rows[0];

  test('verify reports missing bytes and (deep) corrupt bytes, fails their artifacts with the reason, and exits 1; a clean store exits 0', async () => {
    const fine = await stored('fine bytes', ['fine.txt']);
    expect((await admin(['verify'], env)).code).toBe(0);
    const gone = await stored('gone bytes', ['gone.txt'], { stored: false });
    const corrupt = await stored('good bytes', ['corrupt.txt']);
    await storage().put(corrupt.key, Readable.from([Buffer.from('evil bytes')]));

    const shallow = await admin(['verify'], env);
    expect(shallow.code).toBe(1);
    expect(JSON.parse(shallow.stdout)).toMatchObject({ deep: false, checkedBlobs: 3, broken: [expect.objectContaining({ blobId: gone.blobId, problem: 'missing', failedArtifacts: 1 })] });
    expect(shallow.stderr).toContain('1 missing, 0 of the wrong size, 0 corrupt; 1 artifact(s) marked failed');
    expect(await stateOf(gone.artifactIds[0])).toMatchObject({ state: 'FAILED', failure_reason: expect.stringContaining('missing from storage') });

    const deep = await admin(['verify', '--deep'], env);
    expect(deep.code).toBe(1);
    expect(JSON.parse(deep.stdout).broken).toEqual([expect.objectContaining({ blobId: corrupt.blobId, problem: 'digest-mismatch', found: { sha256: sha256('evil bytes') } })]);
    expect(await stateOf(corrupt.artifactIds[0])).toMatchObject({ state: 'FAILED', failure_reason: expect.stringContaining('SHA-256') });
    expect(await stateOf(fine.artifactIds[0])).toMatchObject({ state: 'AVAILABLE' });
    expect((await admin(['verify', '--deep'], env)).code).toBe(0);
  });

  test('artifacts purge lists every artifact holding the bytes, and with --yes deletes them and the object', async () => {
    const leak = await stored('SECRET=1', ['a.log', 'b.log']);
    const listed = await admin(['artifacts', 'purge', leak.artifactIds[0]], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ sha256: sha256('SECRET=1'), artifactCount: 2, purged: false, artifacts: [{ path: 'a.log' }, { path: 'b.log' }] });
    expect(listed.stderr).toContain('run again with --yes');
    expect(await storage().stat(leak.key)).not.toBeNull();

    const purged = await admin(['artifacts', 'purge', leak.artifactIds[0], '--yes'], env);
    expect(purged.code).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ artifactCount: 2, purged: true, purgedArtifacts: 2, bytes: 8 });
    expect(await storage().stat(leak.key)).toBeNull();
    expect((await client.query('SELECT id FROM artifacts WHERE id = ANY($1::uuid[])', [leak.artifactIds])).rows).toEqual([]);
    expect((await client.query('SELECT id FROM blobs WHERE id = $1', [leak.blobId])).rows).toEqual([]);

    const again = await admin(['artifacts', 'purge', leak.artifactIds[0]], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('artifact not found');
    expect((await admin(['artifacts', 'purge', 'not-a-uuid'], env)).stderr).toContain('is not a UUID');
  });
});
