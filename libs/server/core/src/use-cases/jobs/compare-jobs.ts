import crypto from 'node:crypto';
import type { ComparedFile, ComparisonMatch, ComparisonStatus, ComparisonTotals, JobComparison, ProjectRef } from '@stowage/contracts';
import { jobStatusOf, notFound, type Job, type Principal } from '@stowage/domain';
import type { ComparedArtifact } from '@stowage/server-db';
import { requireJob } from '../../access/require-access';
import { PageTokenCodec } from '../../retrieval/page-token';
import type { ServerContext } from '../../server-context';

/**
 * The project's default branch, the one place to switch when projects record theirs (`defaultBranch`
 * is being added): until then every project's default branch is 'main'.
 */

export interface CompareJobsInput {
  ref: ProjectRef;
  jobNumber: number;
  /** The base job's number; absent: the default base (see `defaultBase`). */
  base?: number;
  matchBy: ComparisonMatch;
  statuses: readonly ComparisonStatus[];
  prefix?: string;
  pageToken?: string;
  pageSize: number;
}

/** A compared key: a container's path, or a path across containers (nodeIndex -1). */
interface Entry {
  nodeIndex: number;
  path: string;
  key: Buffer;
  status: ComparisonStatus;
  baseSize: number | null;
  size: number | null;
}

type Cursor = [nodeIndex: number, path: string];

const emptyTotals = (): ComparisonTotals => ({ added: 0, removed: 0, changed: 0, unchanged: 0, baseSize: 0, size: 0, delta: 0 });

function addTo(totals: ComparisonTotals, entry: Entry) {
  totals[entry.status] += 1;
  totals.baseSize += entry.baseSize ?? 0;
  totals.size += entry.size ?? 0;
  totals.delta = totals.size - totals.baseSize;
}

/** One side of a comparison: size and digest(s) per key. In path mode a path's sizes add up and its digests are kept sorted. */
interface Side {
  size: number;
  digests: string;
}

function sidesOf(artifacts: readonly ComparedArtifact[], matchBy: ComparisonMatch, prefix: Buffer): Map<string, Side & { nodeIndex: number; path: string }> {
  const sides = new Map<string, Side & { nodeIndex: number; path: string; all: string[] }>();
  for (const a of artifacts) {
    if (prefix.length > 0 && !Buffer.from(a.path, 'utf8').subarray(0, prefix.length).equals(prefix)) continue;
    const nodeIndex = matchBy === 'path' ? -1 : a.nodeIndex;
    const key = `${nodeIndex}\u0000${a.path}`;
    const side = sides.get(key);
    if (side) {
      side.size += a.size;
      side.all.push(a.sha256 ?? '');
    } else {
      sides.set(key, { nodeIndex, path: a.path, size: a.size, digests: '', all: [a.sha256 ?? ''] });
    }
  }
  for (const side of sides.values()) side.digests = side.all.sort().join(',');
  return sides;
}

/**
 * The whole comparison of two artifact sets, in listing order (container, then path in byte order).
 * Pure: the use case reads both jobs once and pages over this.
 */
export function compareArtifacts(base: readonly ComparedArtifact[], head: readonly ComparedArtifact[], matchBy: ComparisonMatch, prefix = '') {
  const prefixBytes = Buffer.from(prefix, 'utf8');
  const before = sidesOf(base, matchBy, prefixBytes);
  const after = sidesOf(head, matchBy, prefixBytes);
  const entries: Entry[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    const status: ComparisonStatus = !was ? 'added' : was.digests === now.digests ? 'unchanged' : 'changed';
    entries.push({ nodeIndex: now.nodeIndex, path: now.path, key: Buffer.from(now.path, 'utf8'), status, baseSize: was?.size ?? null, size: now.size });
  }
  for (const [key, was] of before) {
    if (!after.has(key)) entries.push({ nodeIndex: was.nodeIndex, path: was.path, key: Buffer.from(was.path, 'utf8'), status: 'removed', baseSize: was.size, size: null });
  }
  entries.sort((a, b) => a.nodeIndex - b.nodeIndex || Buffer.compare(a.key, b.key));
  const totals = emptyTotals();
  const containers = new Map<number, ComparisonTotals>();
  for (const entry of entries) {
    addTo(totals, entry);
    if (matchBy === 'container') {
      if (!containers.has(entry.nodeIndex)) containers.set(entry.nodeIndex, emptyTotals());
      addTo(containers.get(entry.nodeIndex)!, entry);
    }
  }
  return { entries, totals, containers: [...containers].map(([nodeIndex, t]) => ({ nodeIndex, ...t })) };
}

/**
 * Without an explicit base: the newest successful job of the same name on the project's default
 * branch, or, when this job is on the default branch, the previous such job on it.
 */
async function defaultBase(ctx: Pick<ServerContext, 'jobs'>, project: { id: string; defaultBranch: string }, job: Job): Promise<Job> {
  const defaultBranch = project.defaultBranch;
  const onDefault = (job.branch ?? defaultBranch) === defaultBranch;
  const base = await ctx.jobs.latest(project.id, {
    branch: defaultBranch,
    name: job.name,
    statuses: ['SUCCESS'],
    ...(onDefault ? { beforeNumber: job.number } : {}),
  });
  // Never the job itself (a job on another branch numbered below is fine; one above is the newest).
  if (!base || base.id === job.id) throw notFound(`a successful job named ${job.name} on ${defaultBranch} to compare with (pass base=<job number>)`);
  return base;
}

const comparedJob = (job: Job, pending: boolean) => ({ number: job.number, name: job.name, branch: job.branch, status: jobStatusOf(job.status), pending });

/**
 * A job compared with another of the same project (read access): added, removed, changed (a
 * different sha256) and unchanged files over their available, unexpired artifacts, with sizes,
 * deltas and totals per container and overall. Each job is read in one query; the page token is a
 * signed keyset cursor, so pages stay consistent while the jobs' artifacts do.
 */
export async function compareJobs(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'jobs' | 'clock' | 'config'>,
  principal: Principal,
  input: CompareJobsInput,
): Promise<JobComparison> {
  const { job, project } = await requireJob(ctx.access, input.ref, input.jobNumber, principal, 'read');
  const base = input.base === undefined ? await defaultBase(ctx, project, job) : (await requireJob(ctx.access, input.ref, input.base, principal, 'read')).job;
  const pageTokens = new PageTokenCodec(ctx.config.signingSecret);
  // A token belongs to one comparison and filter (hashed: a long prefix must not make a long token).
  const kind = `compare:${crypto.createHash('sha256').update(JSON.stringify([job.id, base.id, input.matchBy, input.statuses, input.prefix ?? ''])).digest('base64url').slice(0, 16)}`;
  const after = pageTokens.decode<Cursor>(kind, input.pageToken);
  const now = ctx.clock.now();
  const [headSet, baseSet] = await Promise.all([ctx.artifacts.listForComparison(job.id, now), ctx.artifacts.listForComparison(base.id, now)]);
  const { entries, totals, containers } = compareArtifacts(baseSet.artifacts, headSet.artifacts, input.matchBy, input.prefix);
  const afterKey = after ? Buffer.from(after[1], 'utf8') : undefined;
  const listed = entries.filter(
    (e) => input.statuses.includes(e.status) && (!after || e.nodeIndex > after[0] || (e.nodeIndex === after[0] && Buffer.compare(e.key, afterKey!) > 0)),
  );
  const page = listed.slice(0, input.pageSize);
  const last = page[page.length - 1];
  return {
    job: comparedJob(job, headSet.pending),
    base: comparedJob(base, baseSet.pending),
    matchBy: input.matchBy,
    pending: headSet.pending || baseSet.pending,
    totals,
    containers,
    items: page.map(
      (e): ComparedFile => ({
        path: e.path,
        nodeIndex: input.matchBy === 'path' ? null : e.nodeIndex,
        status: e.status,
        baseSize: e.baseSize,
        size: e.size,
        delta: (e.size ?? 0) - (e.baseSize ?? 0),
      }),
    ),
    next_page_token: listed.length > input.pageSize ? pageTokens.encode(kind, [last.nodeIndex, last.path]) : null,
  };
}
