import { createApiClient } from '@stowage/api-client';
import { UpsertJobRequestSchema, type Job } from '@stowage/contracts';
import { displayText } from '@stowage/domain';
import { formatDuration } from './format-timing';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';
import { describeError } from './store-artifacts.command';
import { UsageError, resolveJobTarget, type JobTarget, type JobTargetOptions } from './store-artifacts-options';

/** The statuses that end a job, and the spellings CI systems use for them (GitHub's `job.status`). */
const FINAL_STATUSES = {
  success: 'success',
  failed: 'failed',
  failure: 'failed',
  canceled: 'canceled',
  cancelled: 'canceled',
} as const;
export type FinalStatus = (typeof FINAL_STATUSES)[keyof typeof FINAL_STATUSES];

export interface JobFinishCliOptions extends JobTargetOptions {
  status?: string;
  name?: string;
  branch?: string;
  revision?: string;
  retries?: string;
}

export interface JobFinishConfig extends JobTarget {
  status: FinalStatus;
  retries: number;
}

type Env = Record<string, string | undefined>;

/**
 * `--status` (one of the final statuses, or GitHub's `failure`/`cancelled`) plus what every job
 * command resolves: server, token, project and job number, from options, STOWAGE_* or CircleCI's
 * variables. `--name`, `--branch` and `--revision` override CIRCLE_JOB, CIRCLE_BRANCH and
 * CIRCLE_SHA1 (outside CircleCI they are the only way to set them).
 */
export function resolveJobFinishConfig(options: JobFinishCliOptions, env: Env): JobFinishConfig {
  const problems: string[] = [];
  const raw = options.status?.trim().toLowerCase();
  const status = raw ? (FINAL_STATUSES as Record<string, FinalStatus>)[raw] : undefined;
  if (!raw) problems.push('missing the job\'s status: pass --status success|failed|canceled');
  else if (!status) problems.push(`invalid status "${options.status}": use success, failed or canceled (GitHub's failure and cancelled are accepted too)`);

  const target = resolveJobTarget(options, env, problems);

  let retries = DEFAULT_RETRY_POLICY.retries;
  if (options.retries !== undefined) {
    if (/^\d+$/.test(options.retries) && Number(options.retries) <= 20) retries = Number(options.retries);
    else problems.push(`invalid --retries "${options.retries}": it must be an integer from 0 to 20`);
  }

  const job = { ...target?.job };
  for (const field of ['name', 'branch', 'revision'] as const) {
    const value = options[field];
    if (value !== undefined && value.trim() !== '') job[field] = value.trim();
  }
  // The server's own rules (lengths), checked before anything is sent.
  const problem = UpsertJobRequestSchema.safeParse(job).error?.issues[0];
  if (problem) problems.push(`invalid --${String(problem.path[0])} "${job[problem.path[0] as 'name']}": ${problem.message}`);

  if (problems.length) throw new UsageError(problems, 'job finish');
  return { ...target!, job, status: status!, retries };
}

export interface JobFinishIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  fetch?: typeof fetch;
  retryPolicy?: Partial<RetryPolicy>;
}

/**
 * `job finish`: reports the job's end (status, and the name, branch and revision known) with the
 * same request a CI system registers a job with; the server stamps the time it stopped. A job the
 * server does not know yet (it stored no artifacts) is created. Reporting again is harmless.
 */
export async function finishJob(config: JobFinishConfig, io: JobFinishIo): Promise<{ exitCode: 0 | 1; job?: Job }> {
  const [vcs, org, project] = config.project.split('/');
  const client = createApiClient({ baseUrl: config.url, token: config.token, fetch: io.fetch });
  const body = { status: config.status, ...config.job };
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...io.retryPolicy, retries: config.retries };
  try {
    // Idempotent, so safe to retry after a lost response.
    const job = await withRetry(() => client.call('upsertJob', { params: { vcs, org, project, jobNumber: config.jobNumber }, body }), {
      policy,
      onRetry: (error, retryNumber, delayMs) => io.stderr.write(`retry ${retryNumber}/${policy.retries} in ${formatDuration(delayMs)}: ${describeError(error)}\n`),
    });
    io.stdout.write(`Job ${job.number} of ${config.project} finished: ${job.status}${job.branch ? ` on ${displayText(job.branch)}` : ''}\n`);
    return { exitCode: 0, job };
  } catch (error) {
    io.stderr.write(`error: could not finish job ${config.jobNumber} of ${config.project} on ${config.url}: ${describeError(error)}\n`);
    return { exitCode: 1 };
  }
}
