import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { RESERVED_ORGANIZATION_SLUGS } from '@stowage/contracts';
import { dropDatabase, ensureDatabase } from '@stowage/server-db';
import { findWorkspaceRoot, testEnvironment } from '@stowage/testing';

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
