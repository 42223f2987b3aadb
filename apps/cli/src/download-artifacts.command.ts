import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { minimatch } from 'minimatch';
import { getGlobalDispatcher, request as undiciRequest, type Dispatcher } from 'undici';
import { createApiClient, type ApiClient } from '@stowage/api-client';
import { JOB_STATUSES, type ArtifactDetail, type JobStatus } from '@stowage/contracts';
import { formatBytes } from '@stowage/domain';
import { formatDuration } from './format-timing';
import { createProgressReporter, type ProgressOutput, type ProgressReporter } from './progress-reporter';
import { fileDigestFor, type FileDigest } from './sha256-digest';
import { DEFAULT_RETRY_POLICY, HttpStatusError, parseRetryAfter, withRetry, type RetryPolicy } from './retry';
import { describeError } from './store-artifacts.command';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_RETRIES, UsageError, resolveJobTarget, type JobTarget, type JobTargetOptions } from './store-artifacts-options';
import { WorkerPool } from './worker-pool';

export interface DownloadArtifactsCliOptions extends Omit<JobTargetOptions, 'jobNumber'> {
  jobNumber?: string;
  latest?: boolean;
  branch?: string;
  jobName?: string;
  status?: string;
  dir?: string;
  include?: string[];
  nodeIndex?: string[];
  concurrency?: string;
  retries?: string;
}

/** Which job: a number, or the newest one matching a branch, name and status. */
export type JobSelector = { jobNumber: number } | { latest: { branch?: string; name?: string; status?: JobStatus } };

export interface DownloadArtifactsConfig extends Omit<JobTarget, 'jobNumber' | 'job'> {
  job: JobSelector;
  /** The directory artifacts are written under (absolute). */
  dir: string;
  include: string[];
  /** Containers to download; empty: all. */
  nodeIndexes: number[];
  concurrency: number;
  retries: number;
}

type Env = Record<string, string | undefined>;

/**
 * The server, token and project come from the same options and variables as store-artifacts
 * (so a CircleCI job needs no --project); the job is always explicit: `--job-number <n>` or
 * `--latest` (CIRCLE_BUILD_NUM is the running job, rarely the one whose artifacts are wanted).
 */
export function resolveDownloadArtifactsConfig(options: DownloadArtifactsCliOptions, env: Env, cwd: string): DownloadArtifactsConfig {
  const problems: string[] = [];
  if (options.latest && options.jobNumber) problems.push('pass either --job-number <n> or --latest, not both');
  else if (!options.latest && !options.jobNumber) problems.push('missing the job: pass --job-number <n>, or --latest (with --branch, --job-name, --status)');
  if (!options.latest && (options.branch || options.jobName || options.status)) problems.push('--branch, --job-name and --status choose the job with --latest only');
  let status: JobStatus | undefined = 'success';
  if (options.status !== undefined) {
    const wanted = options.status.trim().toLowerCase();
    if (wanted === 'any') status = undefined;
    else if ((JOB_STATUSES as readonly string[]).includes(wanted)) status = wanted as JobStatus;
    else problems.push(`invalid --status "${options.status}": use success, failed, canceled, running, queued or any`);
  }
  // A placeholder number with --latest: the job is found on the server instead.
  const target = resolveJobTarget({ ...options, jobNumber: options.latest ? '1' : options.jobNumber }, env, problems);
  const nodeIndexes: number[] = [];
  for (const value of options.nodeIndex ?? []) {
    if (/^\d+$/.test(value) && Number(value) <= 1023) nodeIndexes.push(Number(value));
    else problems.push(`invalid --node-index "${value}": it must be an integer from 0 to 1023`);
  }
  const concurrency = integer('--concurrency', options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY, problems);
  const retries = integer('--retries', options.retries, DEFAULT_RETRY_POLICY.retries, 0, MAX_RETRIES, problems);
  if (problems.length) throw new UsageError(problems, 'download-artifacts');
  return {
    url: target!.url,
    token: target!.token,
    project: target!.project,
    job: options.latest ? { latest: { branch: options.branch || undefined, name: options.jobName || undefined, status } } : { jobNumber: target!.jobNumber },
    dir: resolve(cwd, options.dir ?? '.'),
    include: options.include ?? [],
    nodeIndexes,
    concurrency,
    retries,
  };
}

function integer(flag: string, value: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value);
  problems.push(`invalid ${flag} "${value}": it must be an integer from ${min} to ${max}`);
  return fallback;
}

export interface PlannedFile {
  artifact: ArtifactDetail;
  /** The path under the target directory (with a container directory when several containers are downloaded). */
  relative: string;
  target: string;
}

export interface FileFailure {
  path: string;
  reason: string;
}

/**
 * Which artifacts to write where. Only available artifacts, of the chosen containers, matching an
 * `--include` glob (any, when none is given). When the chosen artifacts come from more than one
 * container, each goes under `<dir>/<nodeIndex>/`, so parallel runs' same-named files do not clash.
 * Refuses paths that would land outside `dir` and pairs of paths that differ only in case or
 * Unicode form (one file on macOS and Windows), naming both.
 */
export function planDownloads(artifacts: readonly ArtifactDetail[], options: { dir: string; include: readonly string[]; nodeIndexes: readonly number[] }) {
  const root = resolve(options.dir);
  const chosen = artifacts.filter(
    (a) =>
      a.state === 'available' &&
      (options.nodeIndexes.length === 0 || options.nodeIndexes.includes(a.nodeIndex)) &&
      (options.include.length === 0 || options.include.some((glob) => minimatch(a.path, glob, { dot: true }))),
  );
  const byContainer = new Set(chosen.map((a) => a.nodeIndex)).size > 1;
  const files: PlannedFile[] = [];
  const failures: FileFailure[] = [];
  const seen = new Map<string, string>();
  for (const artifact of chosen) {
    const relative = byContainer ? `${artifact.nodeIndex}/${artifact.path}` : artifact.path;
    const unsafe = unsafePathReason(artifact.path);
    const target = resolve(root, relative);
    if (unsafe || !target.startsWith(root + sep)) {
      failures.push({ path: relative, reason: `refused: it would be written outside ${root} (${unsafe ?? 'it leaves the directory'})` });
      continue;
    }
    const key = relative.normalize('NFC').toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      failures.push({ path: relative, reason: `refused: "${earlier}" and "${relative}" would be the same file on a case-insensitive filesystem` });
      continue;
    }
    seen.set(key, relative);
    files.push({ artifact, relative, target });
  }
  return { files, failures, skippedByFilter: artifacts.length - chosen.length };
}

function unsafePathReason(path: string): string | undefined {
  if (path.includes('\0')) return 'a NUL character';
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) return 'an absolute path';
  if (path.split(/[\\/]/).some((segment) => segment === '..')) return 'a ".." segment';
  return undefined;
}

export type FileOutcome = 'downloaded' | 'resumed' | 'present';

export interface DownloadContext {
  token: string;
  /** Where the bytes' requests go (the CLI's keep-alive, proxy-aware dispatcher); undici's global one when absent. */
  dispatcher?: Dispatcher;
  /** Bytes written (negative when a restart takes them back), for the progress bar. */
  onBytes?: (delta: number) => void;
}

/** Where a file's bytes go until their digest is checked: beside the target, named by the digest. */
export function partialPathOf(target: string, sha256: string): string {
  return join(dirname(target), `.${basename(target)}.${sha256.slice(0, 16)}.stowage-partial`);
}

/** Writes are gathered to about this much: one 1 GiB download is 1,024 writes, not 16,384. */
const WRITE_BATCH_BYTES = 1024 * 1024;

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One artifact to its target: skipped when a file with the right digest is already there; else
 * streamed to a partial file beside it (resumed from its size with `Range` + `If-Range`, the
 * artifact's ETag being its SHA-256), hashed while written, and renamed into place only when the
 * digest matches. Permission bits are restored masked to 0777.
 */
export async function downloadFile(file: PlannedFile, ctx: DownloadContext): Promise<FileOutcome> {
  const { artifact, target } = file;
  const sha256 = artifact.sha256;
  if (!sha256) throw new Error('the server does not know its SHA-256 yet');
  const mode = artifact.fileMode & 0o777;
  if ((await sizeOf(target)) === artifact.size) {
    const hash = fileDigestFor(target, artifact.size);
    try {
      await hash.existing(artifact.size);
    } catch (error) {
      hash.dispose();
      throw error;
    }
    if ((await hash.digest()) === sha256) {
      await chmod(target, mode);
      ctx.onBytes?.(artifact.size);
      return 'present';
    }
  }
  await mkdir(dirname(target), { recursive: true });
  const partial = partialPathOf(target, sha256);
  let offset = (await sizeOf(partial)) ?? 0;
  if (offset > artifact.size) {
    await rm(partial, { force: true });
    offset = 0;
  }
  const hash = fileDigestFor(partial, artifact.size);
  let resumed = false;
  let digest: string;
  // Whatever fails before a body is read to its end, the body is destroyed: unread, it would hold
  // its keep-alive connection, and the pool has only a few.
  let response: Dispatcher.ResponseData | undefined;
  try {
    if (offset > 0 && offset < artifact.size) {
      response = await request(artifact.url, ctx, offset, sha256);
      if (response.statusCode === 206 && contentRangeStart(response.headers['content-range']) === offset) {
        await hash.existing(offset);
        resumed = true;
        ctx.onBytes?.(offset);
        await write(response.body, partial, offset, hash, ctx);
      } else if (response.statusCode === 200) {
        // The server ignored the range (If-Range did not match, or a store that cannot): start over.
        await write(response.body, partial, 0, hash, ctx);
      } else {
        await response.body.dump();
        await rm(partial, { force: true });
        throw new HttpStatusError(response.statusCode, `answered ${response.statusCode} to a resumed download`, retryAfterOf(response));
      }
    } else if (offset === artifact.size && offset > 0) {
      await hash.existing(offset);
    } else {
      response = await request(artifact.url, ctx, 0, sha256);
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new HttpStatusError(response.statusCode, `answered ${response.statusCode}`, retryAfterOf(response));
      }
      await write(response.body, partial, 0, hash, ctx);
    }
    digest = await hash.digest();
  } catch (error) {
    response?.body.destroy();
    hash.dispose();
    throw error;
  }
  if (digest !== sha256) {
    // Never resumed again: the next attempt starts from nothing.
    await rm(partial, { force: true });
    if (resumed) {
      // The kept bytes were not these: one full download, from the start.
      ctx.onBytes?.(-artifact.size);
      return downloadFile(file, ctx);
    }
    throw new Error(`SHA-256 mismatch: expected ${sha256}, received ${digest}`);
  }
  await chmod(partial, mode);
  await rename(partial, target);
  return resumed ? 'resumed' : 'downloaded';
}

function headerOf(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const retryAfterOf = (response: Dispatcher.ResponseData) => parseRetryAfter(headerOf(response.headers, 'retry-after'));

function contentRangeStart(header: string | string[] | undefined): number | undefined {
  const match = typeof header === 'string' && /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * GET with the token to Stowage's own URL; a redirect (S3's presigned URL) is followed by hand,
 * without the token, which must not leave for another host. The redirect target is the stored
 * bytes themselves, whose ETag is the store's, not Stowage's, so `If-Range` cannot go with it:
 * the redirect answer carries Stowage's ETag, and the Range goes on only when that is the one
 * asked for. Otherwise the artifact changed since it was listed, and the store is asked for all of
 * it (the 200 that `If-Range` would have given) rather than for the tail of other bytes.
 *
 * undici's `request`, not fetch: the body is a Node stream, without the web-stream bridge that cost
 * a third of a 1 GiB download's time.
 */
async function request(url: string, ctx: DownloadContext, offset: number, sha256: string): Promise<Dispatcher.ResponseData> {
  const validator = `"${sha256}"`;
  const headers: Record<string, string> = { 'circle-token': ctx.token };
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    headers['if-range'] = validator;
  }
  const dispatcher = ctx.dispatcher ?? getGlobalDispatcher();
  let response = await undiciRequest(url, { headers, dispatcher });
  let location = headerOf(response.headers, 'location');
  for (let hops = 0; response.statusCode >= 300 && response.statusCode < 400 && location; hops++) {
    if (hops >= 5) {
      response.body.destroy();
      throw new Error('too many redirects');
    }
    const rangeApplies = offset > 0 && headerOf(response.headers, 'etag') === validator;
    const next = new URL(location, url).toString();
    await response.body.dump();
    response = await undiciRequest(next, { headers: rangeApplies ? { range: `bytes=${offset}-` } : {}, dispatcher });
    location = headerOf(response.headers, 'location');
    url = next;
  }
  return response;
}

/**
 * The body into the partial file (appended after its first `start` bytes, or replacing it when
 * `start` is 0) in batches of about 1 MiB, each handed to the digest once written.
 */
async function write(body: Readable, partial: string, start: number, hash: FileDigest, ctx: DownloadContext): Promise<void> {
  const handle = await open(partial, start ? 'a' : 'w');
  let fileBytes = start;
  try {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const flush = async () => {
      let written = 0;
      // writev may stop short (a full disk, a signal): what it left is written again.
      while (written < batchBytes) {
        const { bytesWritten } = await handle.writev(written === 0 ? batch : [Buffer.concat(batch).subarray(written)]);
        written += bytesWritten;
      }
      for (const chunk of batch) hash.written(chunk, (fileBytes += chunk.length));
      ctx.onBytes?.(batchBytes);
      batch = [];
      batchBytes = 0;
    };
    for await (const chunk of body) {
      batch.push(chunk as Buffer);
      batchBytes += (chunk as Buffer).length;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    }
    await flush();
  } finally {
    await handle.close();
  }
}

export interface DownloadArtifactsIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
  fetch?: typeof fetch;
  /** The artifacts' bytes go through this (keep-alive, proxies); undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  retryPolicy?: Partial<RetryPolicy>;
  progress?: ProgressReporter;
}

export interface DownloadArtifactsResult {
  exitCode: 0 | 1;
  jobNumber?: number;
  outcomes: Record<string, FileOutcome>;
  failures: FileFailure[];
}

/** `download-artifacts`: finds the job, lists its artifacts, downloads the chosen ones in parallel. */
export async function downloadArtifacts(config: DownloadArtifactsConfig, io: DownloadArtifactsIo): Promise<DownloadArtifactsResult> {
  const doFetch = io.fetch ?? fetch;
  const client = createApiClient({ baseUrl: config.url, token: config.token, fetch: doFetch });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...io.retryPolicy, retries: config.retries };
  const retrying = <T>(what: string, operation: () => Promise<T>, log: (line: string) => void) =>
    withRetry(operation, { policy, onRetry: (error, n, delayMs) => log(`retry ${n}/${policy.retries} of ${what} in ${formatDuration(delayMs)}: ${describeError(error)}`) });
  const [vcs, org, project] = config.project.split('/');
  const params = { vcs, org, project };
  const logErr = (line: string) => io.stderr.write(`${line}\n`);

  let jobNumber: number;
  let artifacts: ArtifactDetail[];
  try {
    jobNumber = await retrying('finding the job', () => findJob(client, params, config.job), logErr);
    artifacts = await retrying('listing the artifacts', () => listAllArtifacts(client, { ...params, jobNumber }), logErr);
  } catch (error) {
    logErr(`error: ${describeError(error)}`);
    return { exitCode: 1, outcomes: {}, failures: [] };
  }

  const plan = planDownloads(artifacts, config);
  const failures = [...plan.failures];
  const outcomes: Record<string, FileOutcome> = {};
  const progress = io.progress ?? createProgressReporter({ output: io.stderr, verb: 'downloaded' });
  const pool = new WorkerPool(config.concurrency);
  progress.start({ files: plan.files.length, bytes: plan.files.reduce((sum, f) => sum + f.artifact.size, 0) });
  try {
    await Promise.all(
      plan.files.map((file) =>
        pool.run(async () => {
          let counted = 0;
          const onBytes = (delta: number) => {
            counted += delta;
            progress.addBytes(delta);
          };
          try {
            outcomes[file.relative] = await retrying(file.relative, async () => {
              // A retry resumes the partial file: take back the bytes the failed attempt counted.
              progress.addBytes(-counted);
              counted = 0;
              return downloadFile(file, { token: config.token, dispatcher: io.dispatcher, onBytes });
            }, (line) => progress.log(line));
            progress.fileUploaded();
          } catch (error) {
            failures.push({ path: file.relative, reason: describeError(error) });
            progress.fileFailed();
          }
        }),
      ),
    );
  } finally {
    progress.stop();
  }

  const count = (outcome: FileOutcome) => Object.values(outcomes).filter((o) => o === outcome).length;
  const bytes = plan.files.filter((f) => outcomes[f.relative]).reduce((sum, f) => sum + f.artifact.size, 0);
  io.stdout.write(
    `Job ${jobNumber} of ${config.project}: ${Object.keys(outcomes).length} of ${plan.files.length} files (${formatBytes(bytes)}) in ${config.dir}: ` +
      `${count('downloaded')} downloaded, ${count('resumed')} resumed, ${count('present')} already present\n`,
  );
  if (failures.length) {
    io.stderr.write(`${failures.length} files failed:\n`);
    for (const failure of failures.sort((a, b) => a.path.localeCompare(b.path))) io.stderr.write(`  ${failure.path}: ${failure.reason}\n`);
  }
  return { exitCode: failures.length ? 1 : 0, jobNumber, outcomes, failures };
}

async function findJob(client: ApiClient, params: { vcs: string; org: string; project: string }, job: JobSelector): Promise<number> {
  if ('jobNumber' in job) return job.jobNumber;
  const { branch, name, status } = job.latest;
  const list = await client.call('listJobs', { params, query: { branch, name, status } });
  const newest = list.items[0];
  if (!newest) {
    const what = [status ?? 'any', 'job', name ? `named "${name}"` : '', branch ? `on branch "${branch}"` : ''].filter(Boolean).join(' ');
    throw new Error(`no ${what} in ${params.vcs}/${params.org}/${params.project}`);
  }
  return newest.number;
}

async function listAllArtifacts(client: ApiClient, params: { vcs: string; org: string; project: string; jobNumber: number }): Promise<ArtifactDetail[]> {
  const all: ArtifactDetail[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.call('listJobArtifacts', { params, query: { 'page-size': 1000, 'page-token': pageToken } });
    all.push(...page.items);
    pageToken = page.next_page_token ?? undefined;
  } while (pageToken);
  return all;
}

export const DOWNLOAD_ARTIFACTS_HELP = `
Each file is written to a temporary file beside its target, checked against its SHA-256 and only
then renamed into place, with its permission bits (masked to 0777). A file already there with the
right digest is skipped; a partial file left by an interrupted run is resumed. Artifacts of more than
one container go under <dir>/<node-index>/. Paths that would leave the directory, and two paths that
would be one file on a case-insensitive filesystem, are refused (both are named).

Environment:
  STOWAGE_URL, STOWAGE_TOKEN (or CIRCLE_TOKEN), STOWAGE_PROJECT stand in for --url, --token and --project;
  inside a CircleCI job CIRCLE_PROJECT_USERNAME + CIRCLE_PROJECT_REPONAME give the project.
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lowercase) send requests through a proxy, as curl does.

Examples:
  # The newest successful build job on main, its dist/ only, in a CircleCI job:
  $ stowage download-artifacts --latest --branch main --job-name build --include 'dist/**' --dir /tmp/prev

  # One job's artifacts, everything explicit:
  $ STOWAGE_TOKEN=... stowage download-artifacts --url https://stowage.example.com \\
      --project gh/acme/app --job-number 1234 --dir artifacts

  # The newest job on a branch whatever its status, container 2 only:
  $ stowage download-artifacts --latest --branch feature/x --status any --node-index 2

Exit codes:
  0  every chosen file is in place with the right digest
  1  the job was not found, or one or more files failed; each is listed with the reason
  2  the command was used wrongly: a missing or invalid option
`;
