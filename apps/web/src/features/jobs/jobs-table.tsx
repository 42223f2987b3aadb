import Link from 'next/link';
import type { Job } from '@stowage/contracts';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { JobStatusBadge } from './job-status-badge';
import { formatDuration, formatRelativeTime, jobDurationMs, shortRevision } from './job-timing';

export function JobsTable({ route, jobs, now }: { route: ProjectRoute; jobs: Job[]; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Jobs, newest first</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs whitespace-nowrap text-zinc-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Job
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Branch
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Commit
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Started
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Duration
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
              Artifacts
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {jobs.map((job) => {
            const duration = jobDurationMs(job, now);
            return (
              <tr key={job.id} className="hover:bg-zinc-50">
                <td className="max-w-[14rem] px-3 py-2">
                  <Link href={appPaths.job(route, job.number)} className="block truncate font-medium text-indigo-700 hover:underline">
                    <span className="tabular-nums">#{job.number}</span> <span className="text-zinc-800">{job.name}</span>
                  </Link>
                  <span className="block truncate text-xs text-zinc-500 sm:hidden">{job.branch ?? ''}</span>
                </td>
                <td className="px-3 py-2">
                  <JobStatusBadge status={job.status} />
                </td>
                <td className="hidden max-w-[12rem] truncate px-3 py-2 text-zinc-700 sm:table-cell">{job.branch ?? <span className="text-zinc-400">—</span>}</td>
                <td className="hidden px-3 py-2 font-mono text-xs text-zinc-600 md:table-cell" title={job.revision ?? undefined}>
                  {shortRevision(job.revision) ?? <span className="text-zinc-400">—</span>}
                </td>
                <td className="hidden px-3 py-2 whitespace-nowrap text-zinc-600 lg:table-cell">
                  <time dateTime={job.startedAt ?? job.createdAt} title={job.startedAt ?? job.createdAt}>
                    {formatRelativeTime(job.startedAt ?? job.createdAt, now)}
                  </time>
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-zinc-700 tabular-nums">{duration === null ? '—' : formatDuration(duration)}</td>
                <td className="hidden px-3 py-2 text-right text-zinc-700 tabular-nums sm:table-cell">
                  {job.artifactCount === undefined ? '—' : job.artifactCount.toLocaleString('en-US')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
