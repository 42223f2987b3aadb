import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatProjectSlug } from '@stowage/contracts';
import { PageHeader } from '../../../../../../components/shell/page-header';
import { resolveJobRoute, type JobRouteParams } from '../../../../../../features/jobs/job-route';
import { JobStatusBadge } from '../../../../../../features/jobs/job-status-badge';
import { JobTabs } from '../../../../../../features/jobs/job-tabs';
import { formatDuration, jobDurationMs, shortRevision } from '../../../../../../features/jobs/job-timing';
import { appPaths } from '../../../../../../lib/app-paths';
import { loadJob } from '../../../../../../server/loaders';

type Props = { params: JobRouteParams; children: ReactNode };

export async function generateMetadata({ params }: { params: JobRouteParams }): Promise<Metadata> {
  const { route, jobNumber } = await resolveJobRoute(params);
  const job = await loadJob(route.org, route.vcs, route.project, jobNumber);
  return { title: `${job.name} #${job.number} · ${route.project}` };
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{term}</dt>
      <dd className="truncate text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

export default async function JobLayout({ params, children }: Props) {
  const { route, jobNumber } = await resolveJobRoute(params);
  const job = await loadJob(route.org, route.vcs, route.project, jobNumber);
  const duration = jobDurationMs(job, new Date());
  const none = <span className="text-zinc-400">—</span>;

  return (
    <>
      <PageHeader
        eyebrow="Job"
        title={
          <>
            <span>
              {job.name} <span className="text-zinc-500 tabular-nums">#{job.number}</span>
            </span>
            <JobStatusBadge status={job.status} />
          </>
        }
      >
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4 lg:flex lg:flex-wrap lg:gap-x-8">
          <Fact term="Project">
            <Link href={appPaths.project(route)} className="font-mono text-xs text-indigo-700 hover:underline">
              {formatProjectSlug({ vcsType: route.vcs, organization: route.org, project: route.project })}
            </Link>
          </Fact>
          <Fact term="Branch">{job.branch ?? none}</Fact>
          <Fact term="Revision">
            {job.revision ? (
              <span className="font-mono text-xs" title={job.revision}>
                {shortRevision(job.revision)}
              </span>
            ) : (
              none
            )}
          </Fact>
          <Fact term="Duration">{duration === null ? none : <span className="tabular-nums">{formatDuration(duration)}</span>}</Fact>
          {job.parallelism > 1 && <Fact term="Parallelism">{job.parallelism}×</Fact>}
        </dl>
      </PageHeader>
      <div className="mb-4">
        <JobTabs route={route} jobNumber={jobNumber} artifactCount={job.artifactCount} />
      </div>
      {children}
    </>
  );
}
