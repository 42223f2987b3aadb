import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { CreatedApiTokenSchema, formatProjectSlug, routes } from '@stowage/contracts';
import type { E2eWorld } from './e2e-world';

/** The built CLI, as CI agents run it (tools/dev/e2e.sh runs Playwright from the repository root). */
const CLI_MAIN = path.resolve('dist/apps/cli/apps/cli/src/main.js');

/** An upload token of the world's project, made by a signed-in admin through the API. */
export async function createUploadToken(api: APIRequestContext, world: E2eWorld, name: string): Promise<string> {
  const response = await api.post(buildPath(routes.createProjectToken.path, { vcs: world.project.vcs, org: world.project.org, project: world.project.name }), {
    data: { name, scope: 'upload' },
  });
  if (!response.ok()) throw new Error(`creating a project token failed: ${response.status()} ${await response.text()}`);
  return CreatedApiTokenSchema.parse(await response.json()).secret;
}

export interface SeededJob {
  number: number;
  name: string;
  branch: string;
  /** Per container: artifact path → bytes. */
  containers: Record<number, Record<string, string | Buffer>>;
}

/**
 * A finished job of the world's project with exactly these files: written to a directory, stored by
 * the real CLI (`store-artifacts`, one run per container), then marked successful as CI would
 * (`ci` is a request context without cookies: the token alone speaks).
 */
export async function seedJob(ci: APIRequestContext, world: E2eWorld, token: string, job: SeededJob): Promise<void> {
  const project = formatProjectSlug({ vcsType: world.project.vcs, organization: world.project.org, project: world.project.name });
  for (const [nodeIndex, files] of Object.entries(job.containers)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-'));
    try {
      for (const [artifactPath, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, 'out', artifactPath)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'out', artifactPath), content);
      }
      execFileSync(
        process.execPath,
        [CLI_MAIN, 'store-artifacts', '--url', world.apiUrl, '--token', token, '--project', project, '--job-number', String(job.number), '--node-index', nodeIndex, '--path', 'out', '--destination', '.'],
        { cwd: dir, env: { ...process.env, CIRCLE_JOB: job.name, CIRCLE_BRANCH: job.branch }, stdio: 'pipe' },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const jobPath = buildPath(routes.upsertJob.path, { vcs: world.project.vcs, org: world.project.org, project: world.project.name, jobNumber: job.number });
  const response = await ci.put(jobPath, {
    headers: { 'Circle-Token': token },
    data: { name: job.name, status: 'success', branch: job.branch, stoppedAt: new Date().toISOString() },
  });
  if (!response.ok()) throw new Error(`finishing job ${job.number} failed: ${response.status()} ${await response.text()}`);
}
