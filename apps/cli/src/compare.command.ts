import { createApiClient } from '@stowage/api-client';
import type { ComparedFile, JobComparison } from '@stowage/contracts';
import { displayText, formatBytes } from '@stowage/domain';
import { minimatch } from 'minimatch';
import { formatDuration } from './format-timing';
import { describeError } from './store-artifacts.command';
import { UsageError, resolveJobTarget, type JobTarget, type JobTargetOptions } from './store-artifacts-options';

export interface CompareCliOptions extends JobTargetOptions {
  base?: string;
  matchBy?: string;
  maxGrowth?: string;
  maxSize?: string[];
  waitTimeout?: string;
}

export interface SizeBudget {
  /** The glob as given, matched against artifact paths (minimatch, as download-artifacts' --include; `**` crosses directories). */
  glob: string;
  bytes: number;
  matches: (path: string) => boolean;
}

export interface CompareConfig extends JobTarget {
  base?: number;
  matchBy: 'container' | 'path';
  /** The most the job's total may grow, in percent of the base's total. */
  maxGrowthPercent?: number;
  maxSizes: SizeBudget[];
  waitTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

const UNITS: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2, gb: 1000 ** 3, gib: 1024 ** 3 };

/** "250KiB", "1.5 MiB", "300kB", "512" (bytes): binary units as Stowage prints them, decimal ones as written. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const factor = UNITS[(match[2] || 'b').toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

/** "5%", "5", "2.5 %". */
export function parsePercent(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The job to compare and its budgets: every job command's target (options, STOWAGE_*, CircleCI), then `--base`, `--match-by`, `--max-growth`, `--max-size glob=size`, `--wait-timeout` seconds. */
export function resolveCompareConfig(options: CompareCliOptions, env: Env): CompareConfig {
  const problems: string[] = [];
  const target = resolveJobTarget(options, env, problems);

  let base: number | undefined;
  if (options.base !== undefined) {
    if (/^\d+$/.test(options.base) && Number(options.base) >= 1 && Number(options.base) <= 2_147_483_647) base = Number(options.base);
    else problems.push(`invalid --base "${options.base}": it must be a job number`);
  }
  const matchBy = options.matchBy ?? 'container';
  if (matchBy !== 'container' && matchBy !== 'path') problems.push(`invalid --match-by "${options.matchBy}": use container or path`);

  let maxGrowthPercent: number | undefined;
  if (options.maxGrowth !== undefined) {
    maxGrowthPercent = parsePercent(options.maxGrowth);
    if (maxGrowthPercent === undefined) problems.push(`invalid --max-growth "${options.maxGrowth}": give a percentage such as 5%`);
  }

  const maxSizes: SizeBudget[] = [];
  for (const spec of options.maxSize ?? []) {
    const at = spec.lastIndexOf('=');
    const glob = at > 0 ? spec.slice(0, at).trim() : '';
    const bytes = at > 0 ? parseSize(spec.slice(at + 1)) : undefined;
    if (!glob || bytes === undefined) problems.push(`invalid --max-size "${spec}": give <glob>=<size>, such as 'dist/app.js=250KiB'`);
    else maxSizes.push({ glob, bytes, matches: (path: string) => minimatch(path, glob, { dot: true }) });
  }

  let waitTimeoutMs = 300_000;
  if (options.waitTimeout !== undefined) {
    if (/^\d+$/.test(options.waitTimeout) && Number(options.waitTimeout) <= 86_400) waitTimeoutMs = Number(options.waitTimeout) * 1000;
    else problems.push(`invalid --wait-timeout "${options.waitTimeout}": it must be a number of seconds from 0 to 86400`);
  }

  if (problems.length) throw new UsageError(problems, 'compare');
  return { ...target!, base, matchBy: matchBy as CompareConfig['matchBy'], maxGrowthPercent, maxSizes, waitTimeoutMs };
}

const signed = (bytes: number) => (bytes < 0 ? `-${formatBytes(-bytes)}` : `+${formatBytes(bytes)}`);
const percentOf = (delta: number, base: number) => (base === 0 ? (delta === 0 ? 0 : Infinity) : (delta / base) * 100);
const formatPercent = (percent: number) => (Number.isFinite(percent) ? `${percent.toFixed(1)} %` : 'from nothing');
const budgetBytes = (bytes: number) => formatBytes(bytes, { bareWholeUnits: true });

/** The messages naming each budget the comparison breaks (none: within budget). */
export function brokenBudgets(comparison: Pick<JobComparison, 'totals'>, files: readonly ComparedFile[], config: Pick<CompareConfig, 'maxGrowthPercent' | 'maxSizes'>): string[] {
  const broken: string[] = [];
  if (config.maxGrowthPercent !== undefined) {
    const growth = percentOf(comparison.totals.delta, comparison.totals.baseSize);
    if (growth > config.maxGrowthPercent) {
      broken.push(
        Number.isFinite(growth)
          ? `the job's total grew ${growth.toFixed(1)} %, over the ${config.maxGrowthPercent} % budget (${formatBytes(comparison.totals.baseSize)} to ${formatBytes(comparison.totals.size)})`
          : `the job's total grew from nothing to ${formatBytes(comparison.totals.size)}, over the ${config.maxGrowthPercent} % budget`,
      );
    }
  }
  for (const file of files) {
    if (file.size === null) continue;
    for (const budget of config.maxSizes) {
      if (file.size > budget.bytes && budget.matches(file.path)) {
        const where = file.nodeIndex === null ? '' : ` (container ${file.nodeIndex})`;
        const named = budget.glob === file.path ? '' : ` ${budget.glob}`;
        broken.push(`${displayText(file.path)}${where} is ${formatBytes(file.size)}, over its budget${named} of ${budgetBytes(budget.bytes)}`);
      }
    }
  }
  return broken;
}

export function formatSummary(comparison: JobComparison, files: readonly ComparedFile[]): string {
  const { totals, job, base } = comparison;
  const lines = [`Job ${job.number} compared with job ${base.number}${base.branch ? ` on ${displayText(base.branch)}` : ''} (by ${comparison.matchBy}):`];
  for (const file of files) {
    if (file.status === 'unchanged') continue;
    const where = file.nodeIndex === null ? '' : `[${file.nodeIndex}] `;
    const sizes =
      file.status === 'added' ? formatBytes(file.size!) : file.status === 'removed' ? formatBytes(file.baseSize!) : `${formatBytes(file.baseSize!)} -> ${formatBytes(file.size!)}`;
    lines.push(`  ${file.status.padEnd(8)} ${where}${displayText(file.path)}  ${sizes} (${signed(file.delta)})`);
  }
  lines.push(
    `${totals.added} added, ${totals.removed} removed, ${totals.changed} changed, ${totals.unchanged} unchanged; ` +
      `total ${formatBytes(totals.baseSize)} -> ${formatBytes(totals.size)} (${signed(totals.delta)}, ${formatPercent(percentOf(totals.delta, totals.baseSize))})`,
  );
  for (const c of comparison.containers) {
    if (comparison.containers.length > 1) lines.push(`  container ${c.nodeIndex}: ${formatBytes(c.baseSize)} -> ${formatBytes(c.size)} (${signed(c.delta)})`);
  }
  return `${lines.join('\n')}\n`;
}

export interface CompareIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  fetch?: typeof fetch;
  /** How long to wait between polls while artifacts are pending (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const POLL_START_MS = 1000;
const POLL_MAX_MS = 15_000;

/**
 * `compare`: waits (polling with backoff) until neither job has pending artifacts, reads every page
 * of the comparison (unchanged files too, for --max-size), prints a summary and checks the budgets.
 * Exit 0 within budget, 1 over a budget, on a refusal, or when the wait times out.
 */
export async function compareJobs(config: CompareConfig, io: CompareIo): Promise<{ exitCode: 0 | 1; broken?: string[] }> {
  const [vcs, org, project] = config.project.split('/');
  const client = createApiClient({ baseUrl: config.url, token: config.token, fetch: io.fetch });
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = io.now ?? Date.now;
  const query = (pageToken?: string) => ({
    ...(config.base !== undefined ? { base: config.base } : {}),
    matchBy: config.matchBy,
    status: 'added,removed,changed,unchanged',
    'page-size': 10_000,
    ...(pageToken ? { 'page-token': pageToken } : {}),
  });
  const params = { vcs, org, project, jobNumber: config.jobNumber };
  try {
    const deadline = now() + config.waitTimeoutMs;
    let delay = POLL_START_MS;
    let first = await client.call('compareJobs', { params, query: query() });
    while (first.pending) {
      if (now() + delay > deadline) {
        io.stderr.write(`error: job ${first.job.number} or its base job ${first.base.number} still has pending artifacts after ${formatDuration(config.waitTimeoutMs)}\n`);
        return { exitCode: 1 };
      }
      io.stderr.write(`waiting for pending artifacts (job ${first.job.number}${first.job.pending ? ' has some' : ''}, base job ${first.base.number}${first.base.pending ? ' has some' : ''}); next look in ${formatDuration(delay)}\n`);
      await sleep(delay);
      delay = Math.min(delay * 2, POLL_MAX_MS);
      first = await client.call('compareJobs', { params, query: query() });
    }
    const files = [...first.items];
    // The base is pinned to the one the first page chose, so later pages compare the same jobs.
    for (let token = first.next_page_token; token; ) {
      const page = await client.call('compareJobs', { params, query: { ...query(token), base: first.base.number } });
      files.push(...page.items);
      token = page.next_page_token;
    }
    io.stdout.write(formatSummary(first, files));
    const broken = brokenBudgets(first, files, config);
    for (const message of broken) io.stderr.write(`over budget: ${message}\n`);
    return { exitCode: broken.length ? 1 : 0, broken };
  } catch (error) {
    io.stderr.write(`error: could not compare job ${config.jobNumber} of ${config.project} on ${config.url}: ${describeError(error)}\n`);
    return { exitCode: 1 };
  }
}
