#!/usr/bin/env node
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BranchNameSchema, PROJECT_TOKEN_SCOPES, RESERVED_ORGANIZATION_SLUGS, VCS_TYPES, type ProjectTokenScope } from '@stowage/contracts';
import { ConfigError, buildAppConfig, createLogger, parseEnv } from '@stowage/server-config';
import { applyMigrations, ensureDatabase, findOrganizationsWithReservedSlugs } from '@stowage/server-db';
import { DomainError } from '@stowage/domain';
import { createPlatform, type Platform } from '@stowage/server-core';

/**
 * stowage-admin: how the first admin, organization, project and CI token come to exist before any
 * web page does, and what tests and the local start use to set up their world. Output is JSON
 * (one document per command) so scripts can read it.
 */

const migrationsDir = process.env.STOWAGE_MIGRATIONS_DIR ?? path.resolve(__dirname, '../../../prisma/migrations');
const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
const slug = (value: string) => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) throw new InvalidArgumentError('letters, digits, ".", "_" and "-" only');
  return value;
};

const branchName = (value: string) => {
  const parsed = BranchNameSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0].message);
  return parsed.data;
};

async function withPlatform<T>(work: (platform: Platform) => Promise<T>): Promise<T> {
  const env = parseEnv();
  const platform = createPlatform(buildAppConfig(env), createLogger({ LOG_LEVEL: 'warn' }, 'stowage-admin'));
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

const program = new Command('stowage-admin').description('Administer a Stowage installation (reads the same environment as the API).');

program
  .command('migrate')
  .description('create the database if needed and apply prisma/migrations; warn about organizations holding a reserved slug')
  .action(async () => {
    const env = parseEnv();
    await ensureDatabase(env.DATABASE_URL);
    const result = await applyMigrations({ databaseUrl: env.DATABASE_URL, migrationsDir, log: (message) => console.error(message) });
    // A warning, not a failure: these organizations predate the rule and still work through the API.
    const reserved = await findOrganizationsWithReservedSlugs(env.DATABASE_URL);
    if (reserved.length > 0) {
      console.error(
        `stowage-admin: warning: ${reserved.length === 1 ? 'organization' : 'organizations'} ${reserved.join(', ')} ${reserved.length === 1 ? 'holds a slug' : 'hold slugs'} reserved for the web app's routes (${RESERVED_ORGANIZATION_SLUGS.join(', ')}): ${reserved.length === 1 ? 'its' : 'their'} web pages are hidden by those routes`,
      );
    }
    print({ ...result, reservedOrganizationSlugs: reserved });
  });

const org = program.command('org').description('organizations');
org
  .command('create <slug> [name]')
  .option('--retention-days <days>', 'artifact retention, 1 to 30', (v) => Number(v))
  .action((s: string, name: string | undefined, options: { retentionDays?: number }) =>
    withPlatform(async (p) => print(await p.admin.createOrganization({ slug: slug(s), name: name ?? s, retentionDays: options.retentionDays }))),
  );
org.command('list').action(() => withPlatform(async (p) => print(await p.admin.listAllOrganizations())));

const user = program.command('user').description('users');
user
  .command('create <email> [name]')
  .option('--password <password>', 'for signing in to the web app (or STOWAGE_PASSWORD)')
  .action((email: string, name: string | undefined, options: { password?: string }) =>
    withPlatform(async (p) => {
      print(await p.admin.createUser({ email, name: name ?? email.split('@')[0], password: options.password ?? process.env.STOWAGE_PASSWORD }));
    }),
  );
user
  .command('set-password <email> <password>')
  .action((email: string, password: string) => withPlatform(async (p) => print(await p.admin.setUserPassword({ email, password }).then(() => ({ ok: true })))));
user.command('list').action(() => withPlatform(async (p) => print(await p.admin.listUsers())));

const member = program.command('member').description('memberships');
member
  .command('add <org> <email>')
  .addOption(new Option('--role <role>').choices(['admin', 'member']).default('member'))
  .action((orgSlug: string, email: string, options: { role: 'admin' | 'member' }) =>
    withPlatform(async (p) => {
      print(await p.admin.grantMembership({ organization: orgSlug, email, role: options.role }));
    }),
  );

const project = program.command('project').description('projects');
project
  .command('create <org> <name>')
  .addOption(new Option('--vcs <type>').choices(VCS_TYPES).default('github'))
  .option('--public', 'readable by anyone (default: private)')
  .option('--default-branch <branch>', 'where "the latest job" looks when no branch is named (default: main)', branchName)
  .action((orgSlug: string, name: string, options: { vcs: (typeof VCS_TYPES)[number]; public?: boolean; defaultBranch?: string }) =>
    withPlatform(async (p) => {
      print(await p.admin.provisionProject({ organization: orgSlug, vcsType: options.vcs, name: slug(name), isPrivate: !options.public, defaultBranch: options.defaultBranch }));
    }),
  );
project
  .command('list <org>')
  .action((orgSlug: string) =>
    withPlatform(async (p) => {
      print(await p.admin.listAllProjects({ organization: orgSlug }));
    }),
  );

const token = program.command('token').description('API tokens (the secret is printed once)');
token
  .command('create-personal <email> <name>')
  .action((email: string, name: string) =>
    withPlatform(async (p) => {
      print(await p.admin.issuePersonalToken({ email, name }));
    }),
  );
token
  .command('create-project <org> <project> <name>')
  .description('a CI token scoped to one project')
  .addOption(new Option('--vcs <type>').choices(VCS_TYPES).default('github'))
  .addOption(new Option('--scope <scope>', 'upload, read, or upload-read (both: a CI job that stores and later downloads)').choices(PROJECT_TOKEN_SCOPES).default('upload'))
  .requiredOption('--owner <email>', 'the admin responsible for the token')
  .action((orgSlug: string, name: string, tokenName: string, options: { vcs: (typeof VCS_TYPES)[number]; scope: ProjectTokenScope; owner: string }) =>
    withPlatform(async (p) => {
      const project = { organization: orgSlug, vcsType: options.vcs, project: name };
      print(await p.admin.issueProjectToken({ project, owner: options.owner, scope: options.scope, name: tokenName }));
    }),
  );
token
  .command('list <email>')
  .action((email: string) =>
    withPlatform(async (p) => {
      print(await p.admin.listUserTokens({ email }));
    }),
  );
token
  .command('revoke <email> <tokenId>')
  .action((email: string, tokenId: string) =>
    withPlatform(async (p) => {
      await p.admin.revokeUserToken({ email, tokenId });
      print({ revoked: tokenId });
    }),
  );

const artifacts = program.command('artifacts').description('artifacts and their stored bytes');
artifacts
  .command('purge <artifactId>')
  .description("delete an artifact's bytes and every artifact of its project that refers to the same bytes (a leaked secret); lists them first, purges only with --yes")
  .option('--yes', 'purge what the listing shows (if more or fewer artifacts refer to the bytes by then, nothing is purged)')
  .action((artifactId: string, options: { yes?: boolean }) =>
    withPlatform(async (p) => {
      const preview = await p.admin.previewArtifactPurge({ artifactId });
      if (!options.yes) {
        print({ ...preview, purged: false });
        console.error(`stowage-admin: ${preview.artifactCount} artifact(s) refer to these bytes; run again with --yes to purge them all`);
        return;
      }
      const result = await p.admin.purgeArtifact({ artifactId, confirmation: { sha256: preview.sha256, artifactCount: preview.artifactCount } });
      print({ ...preview, purged: true, ...result });
    }),
  );

program
  .command('verify')
  .description("check every stored blob's object against the database (size; with --deep, SHA-256); missing or corrupt bytes fail their artifacts; exits 1 when any is found")
  .option('--deep', 'read every object and check its SHA-256 (reads all stored bytes)')
  .action((options: { deep?: boolean }) =>
    withPlatform(async (p) => {
      const report = await p.admin.verifyStorage({ deep: options.deep ?? false });
      print(report);
      const count = (problem: string) => report.broken.filter((b) => b.problem === problem).length;
      console.error(
        `stowage-admin: verified ${report.checkedBlobs} blob(s), ${report.checkedBytes} bytes${report.deep ? ' (deep)' : ''}: ` +
          (report.broken.length
            ? `${count('missing')} missing, ${count('size-mismatch')} of the wrong size, ${count('digest-mismatch')} corrupt; ${report.broken.reduce((sum, b) => sum + b.failedArtifacts, 0)} artifact(s) marked failed`
            : 'all present'),
      );
      if (report.broken.length) process.exitCode = 1;
    }),
  );

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainError) console.error(`stowage-admin: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
