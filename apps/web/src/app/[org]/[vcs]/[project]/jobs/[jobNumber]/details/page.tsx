import Link from 'next/link';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { buildPath } from '@stowage/api-client';
import { routes } from '@stowage/contracts';
import { JOB_STATUS_LABEL } from '../../../../../../../features/jobs/job-status-badge';
import { resolveJobRoute, type JobRouteParams } from '../../../../../../../features/jobs/job-route';
import { archiveHref } from '../../../../../../../features/artifacts/artifact-links';
import { appPaths } from '../../../../../../../lib/app-paths';
import { loadJob } from '../../../../../../../server/loaders';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{term}</dt>
      <dd className="min-w-0 break-all text-zinc-900">{children ?? <span className="text-zinc-400">—</span>}</dd>
    </>
  );
}

/** This site's own origin as the visitor sees it (the API is reachable here through the rewrites). */
async function publicOrigin(): Promise<string> {
  const incoming = await headers();
  const host = incoming.get('x-forwarded-host') ?? incoming.get('host') ?? 'localhost:3001';
  const proto = incoming.get('x-forwarded-proto')?.split(',')[0] ?? 'http';
  return `${proto}://${host}`;
}

export default async function JobDetailsPage({ params }: { params: JobRouteParams }) {
  const { route, jobNumber } = await resolveJobRoute(params);
  const job = await loadJob(route.org, route.vcs, route.project, jobNumber);
  const origin = await publicOrigin();
  const listUrl = origin + buildPath(routes.v11ListArtifacts.path, { vcs: route.vcs, org: route.org, project: route.project, jobNumber });
  const zipUrl = origin + archiveHref({ ...route, jobNumber });
  const scheme = origin.startsWith('https:') ? 'https' : 'http';
  const script = `export CIRCLE_TOKEN=':your_token'

# Every artifact of this job, through the CircleCI-compatible API
curl -H "Circle-Token: $CIRCLE_TOKEN" ${listUrl} \\
   | grep -o "${scheme}://[^\\"]*" \\
   | wget --verbose --header "Circle-Token: $CIRCLE_TOKEN" --input-file -

# Or all of them as one zip
curl -fL -H "Circle-Token: $CIRCLE_TOKEN" -o artifacts.zip "${zipUrl}"`;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-labelledby="job-facts" className="rounded-md border border-zinc-200 bg-white p-4">
        <h2 id="job-facts" className="text-sm font-semibold">
          Job
        </h2>
        <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-1.5 text-sm">
          <Row term="Number">{job.number}</Row>
          <Row term="Name">{job.name}</Row>
          <Row term="Status">{JOB_STATUS_LABEL[job.status]}</Row>
          <Row term="Branch">{job.branch}</Row>
          <Row term="Revision">{job.revision && <span className="font-mono text-xs">{job.revision}</span>}</Row>
          <Row term="Parallelism">{job.parallelism}</Row>
          <Row term="Created">{job.createdAt}</Row>
          <Row term="Started">{job.startedAt}</Row>
          <Row term="Stopped">{job.stoppedAt}</Row>
        </dl>
      </section>
      <section aria-labelledby="job-download" className="min-w-0 rounded-md border border-zinc-200 bg-white p-4">
        <h2 id="job-download" className="text-sm font-semibold">
          Download from a script
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          Create a <Link href={appPaths.tokens()} className="text-indigo-700 hover:underline">personal API token</Link>, then:
        </p>
        <pre tabIndex={0} className="mt-3 overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100">
          <code>{script}</code>
        </pre>
      </section>
    </div>
  );
}
