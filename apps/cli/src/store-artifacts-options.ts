import { MAX_UPLOAD_BATCH_FILE_BYTES, JobNumberSchema, NodeIndexSchema, ProjectSlugSchema, formatProjectSlug, vcsForAlias } from '@stowage/contracts';
import { DEFAULT_RETRY_POLICY } from './retry';

/** What commander hands over: every value as typed, none required, so one place reports what is missing. */
export interface StoreArtifactsCliOptions extends JobTargetOptions {
  path?: string;
  destination?: string;
  nodeIndex?: string;
  concurrency?: string;
  retries?: string;
  batchThreshold?: string;
}

export interface StoreArtifactsConfig extends JobTarget {
  path: string;
  destination?: string;
  nodeIndex: number;
  concurrency: number;
  retries: number;
  /** Files up to this many bytes go in batches (upload-batches.ts); 0: none. */
  batchThreshold: number;
}

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 64;
export const MAX_RETRIES = 20;
/**
 * Files up to this size are sent in batches (one tar stream per batch). Chosen by measurement
 * (`upload.bench --threshold`: 64 MiB as files of one size, CLI + API + worker + PostgreSQL on one
 * shared 2-core machine), per-file protocol vs batches:
 *   1,024 × 64 KiB  filesystem 6.0 s vs 2.5 s   S3 (s3rver) 12.1–20.1 s vs 3.4–3.5 s
 *      64 × 1 MiB   filesystem 1.4 s vs 1.3 s   S3 1.6–2.4 s vs 1.1–1.2 s
 *       8 × 8 MiB   filesystem 1.0 s vs 1.3 s   S3 1.2 s vs 1.3 s
 * Batches win below 1 MiB, break even around it and lose at 8 MiB (whole files in memory on both
 * sides, one per batch). docs/cli.md has the table.
 */
export const DEFAULT_BATCH_THRESHOLD = 1024 * 1024;

/** The invocation cannot work as given: exit code 2, like any command-line usage error. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
  constructor(
    readonly problems: string[],
    /** The command whose --help the message points to. */
    readonly command = 'store-artifacts',
  ) {
    super(problems.join('\n'));
  }
}

type Env = Record<string, string | undefined>;

/** An option, else the first environment variable set (empty counts as unset: CI templates often export ""). */
function pick(option: string | undefined, env: Env, ...names: string[]): { value: string; source: string } | undefined {
  if (option !== undefined && option !== '') return { value: option, source: 'option' };
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), source: name };
  }
  return undefined;
}

/** Names where a bad value came from, so the reader knows what to change. */
const from = (flag: string, source: string) => (source === 'option' ? flag : source);

/**
 * Options first, then Stowage's variables, then the ones CircleCI sets in every job, so
 * `stowage store-artifacts --path dir` needs nothing else inside a CircleCI job. Every problem is
 * reported at once, each naming both the option and the variable that would fix it.
 */
export function resolveStoreArtifactsConfig(options: StoreArtifactsCliOptions, env: Env): StoreArtifactsConfig {
  const problems: string[] = [];

  if (!options.path) problems.push('missing the files to store: pass --path <file-or-directory>');

  const target = resolveJobTarget(options, env, problems);

  const nodeIndex = pick(options.nodeIndex, env, 'CIRCLE_NODE_INDEX');
  let nodeIndexValue = 0;
  if (nodeIndex) {
    const parsed = /^\d+$/.test(nodeIndex.value) ? NodeIndexSchema.safeParse(nodeIndex.value) : undefined;
    if (parsed?.success) nodeIndexValue = parsed.data;
    else problems.push(`invalid node index "${nodeIndex.value}" (from ${from('--node-index', nodeIndex.source)}): it must be an integer from 0 to 1023`);
  }

  const concurrency = integerOption('--concurrency', options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY, problems);
  const retries = integerOption('--retries', options.retries, DEFAULT_RETRY_POLICY.retries, 0, MAX_RETRIES, problems);
  const batchThreshold = integerOption('--batch-threshold', options.batchThreshold, DEFAULT_BATCH_THRESHOLD, 0, MAX_UPLOAD_BATCH_FILE_BYTES, problems);

  if (problems.length) throw new UsageError(problems);
  return {
    path: options.path!,
    destination: options.destination,
    ...target!,
    nodeIndex: nodeIndexValue,
    concurrency,
    retries,
    batchThreshold,
  };
}

/** What every command about one CI job needs: where the server is, who calls, which project and job. */
export interface JobTargetOptions {
  url?: string;
  token?: string;
  project?: string;
  vcs?: string;
  jobNumber?: string;
}

export interface JobTarget {
  url: string;
  token: string;
  /** Canonical slug, e.g. `gh/acme/app`. */
  project: string;
  jobNumber: number;
  /** What CircleCI knows about the job, shown in Stowage's job list; absent outside CircleCI. */
  job: { name?: string; branch?: string; revision?: string };
}

/**
 * The server, token, project and job number (options, then STOWAGE_*, then CircleCI's variables),
 * shared by `store-artifacts` and `job finish`. Problems are pushed onto `problems`; the result is
 * complete only when none were.
 */
export function resolveJobTarget(options: JobTargetOptions, env: Env, problems: string[]): JobTarget | undefined {
  const before = problems.length;
  const url = pick(options.url, env, 'STOWAGE_URL');
  if (!url) problems.push('missing the Stowage server URL: pass --url <url> or set STOWAGE_URL');
  else if (!isHttpUrl(url.value)) problems.push(`invalid server URL "${url.value}" (from ${from('--url', url.source)}): it must be an http:// or https:// URL`);

  const token = pick(options.token, env, 'STOWAGE_TOKEN', 'CIRCLE_TOKEN');
  if (!token) problems.push('missing an API token: pass --token <token> or set STOWAGE_TOKEN (or CIRCLE_TOKEN)');

  const project = resolveProject(options, env, problems);

  const jobNumber = pick(options.jobNumber, env, 'CIRCLE_BUILD_NUM');
  let jobNumberValue = 0;
  if (!jobNumber) problems.push('missing the job number: pass --job-number <n> or set CIRCLE_BUILD_NUM');
  else {
    const parsed = /^\d+$/.test(jobNumber.value) ? JobNumberSchema.safeParse(jobNumber.value) : undefined;
    if (parsed?.success) jobNumberValue = parsed.data;
    else problems.push(`invalid job number "${jobNumber.value}" (from ${from('--job-number', jobNumber.source)}): it must be a positive integer`);
  }

  if (problems.length > before) return undefined;
  return {
    url: url!.value,
    token: token!.value,
    project: project!,
    jobNumber: jobNumberValue,
    job: {
      name: pick(undefined, env, 'CIRCLE_JOB')?.value,
      branch: pick(undefined, env, 'CIRCLE_BRANCH')?.value,
      revision: pick(undefined, env, 'CIRCLE_SHA1')?.value,
    },
  };
}

function resolveProject(options: JobTargetOptions, env: Env, problems: string[]): string | undefined {
  const explicit = pick(options.project, env, 'STOWAGE_PROJECT');
  const vcs = options.vcs ?? 'gh';
  if (!vcsForAlias(vcs)) {
    problems.push(`invalid --vcs "${vcs}": use gh, github, bb, bitbucket or circleci`);
    return undefined;
  }
  let slug: string;
  let source: string;
  if (explicit) {
    slug = explicit.value;
    source = from('--project', explicit.source);
  } else {
    const user = pick(undefined, env, 'CIRCLE_PROJECT_USERNAME');
    const repo = pick(undefined, env, 'CIRCLE_PROJECT_REPONAME');
    if (!user || !repo) {
      problems.push(
        'missing the project: pass --project <vcs/org/repo> (e.g. gh/acme/app) or set STOWAGE_PROJECT (or CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME, which CircleCI sets)',
      );
      return undefined;
    }
    slug = `${vcs}/${user.value}/${repo.value}`;
    source = 'CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME';
  }
  const parsed = ProjectSlugSchema.safeParse(slug);
  if (!parsed.success) {
    problems.push(`invalid project "${slug}" (from ${source}): it must look like gh/acme/app`);
    return undefined;
  }
  return formatProjectSlug(parsed.data);
}

function integerOption(flag: string, value: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(number) && number >= min && number <= max) return number;
  problems.push(`invalid ${flag} "${value}": it must be an integer from ${min} to ${max}`);
  return fallback;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
