import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiError, type ApiClient } from '@stowage/api-client';
import { displayArtifactPath, formatByteCount, formatBytes } from '@stowage/domain';
import { ProjectSlugSchema, type Project, type Usage } from '@stowage/contracts';
import { PageHeader } from '../../../../components/shell/page-header';
import { ColumnChart, HorizontalBarChart } from '../../../../components/ui/bar-chart';
import { Notice } from '../../../../components/ui/notice';
import { OrgSettingsNav, PlanNav } from '../../../../features/organizations/org-settings-nav';
import { lastDays } from '../../../../features/usage/daily-series';
import { deduplicationTable } from '../../../../features/usage/deduplication';
import { RetentionForm, RetentionReadOnly } from '../../../../features/usage/retention-form';
import { appPaths, parseOrgSlug } from '../../../../lib/app-paths';
import { loadOrganization, loadProjects } from '../../../../server/loaders';
import { getApi } from '../../../../server/stowage-api';

export const metadata: Metadata = { title: 'Usage Controls' };

const EGRESS_DAYS = 30;

/** Usage names projects by slug (`gh/acme/app`) or by name; find the project either way to link it. */
function findProject(projects: Project[], reference: string): Project | undefined {
  const slug = ProjectSlugSchema.safeParse(reference);
  return projects.find((project) =>
    slug.success ? project.vcsType === slug.data.vcsType && project.name === slug.data.project : project.slug === reference || project.name === reference,
  );
}

async function loadUsage(api: ApiClient, org: string): Promise<Usage | 'forbidden'> {
  try {
    return await api.call('getUsage', { params: { org } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return 'forbidden';
    throw error;
  }
}

function Panel({ title, summary, children }: { title: string; summary?: React.ReactNode; children: React.ReactNode }) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-md border border-zinc-200 bg-white p-4">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-zinc-900">
          {title}
        </h2>
        {summary && <p className="text-sm text-zinc-600">{summary}</p>}
      </div>
      {children}
    </section>
  );
}

const bytesCell = (bytes: number) => (
  <td className="py-1.5 pr-3 text-right whitespace-nowrap tabular-nums" title={formatByteCount(bytes)}>
    {formatBytes(bytes)}
  </td>
);

/** Per project: what the artifacts add up to, the unique bytes stored for them (what storage costs), and the difference. */
function DeduplicationTable({ storage }: { storage: Usage['storage'] }) {
  const { rows, total } = deduplicationTable(storage);
  const row = (entry: typeof total, isTotal = false) => (
    <tr key={isTotal ? ' total' : entry.project} className={isTotal ? 'border-t border-zinc-300 font-medium' : undefined}>
      {isTotal ? (
        <th scope="row" className="py-1.5 pr-3 text-left font-medium">
          {entry.project}
        </th>
      ) : (
        <td className="py-1.5 pr-3">{entry.project}</td>
      )}
      {bytesCell(entry.logicalBytes)}
      {bytesCell(entry.physicalBytes)}
      <td className="py-1.5 text-right whitespace-nowrap tabular-nums" title={formatByteCount(entry.savedBytes)}>
        {formatBytes(entry.savedBytes)} <span className="text-xs text-zinc-500">({entry.savedPercent}%)</span>
      </td>
    </tr>
  );
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full text-sm" data-testid="storage-deduplication">
        <caption className="mb-2 text-left text-xs text-zinc-600">
          Identical files are stored once per project: artifacts add up to more than the bytes stored for them.
        </caption>
        <thead className="border-b border-zinc-200 text-left text-xs text-zinc-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Project
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Artifacts add up to
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Stored
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Saved by deduplication
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{rows.map((entry) => row(entry))}</tbody>
        <tfoot>{row(total, true)}</tfoot>
      </table>
    </div>
  );
}

const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export default async function UsagePage({ params }: { params: Promise<{ org: string }> }) {
  const org = parseOrgSlug((await params).org) ?? notFound();
  const organization = await loadOrganization(org);
  if (!organization.role) notFound();
  const [usage, projects] = await Promise.all([loadUsage(await getApi(), org), loadProjects(org)]);
  const isAdmin = organization.role === 'admin';

  const egress = usage === 'forbidden' ? [] : lastDays(usage.egress.daily, EGRESS_DAYS, new Date());
  const egressTotal = egress.reduce((sum, day) => sum + day.bytes, 0);

  return (
    <>
      <PageHeader eyebrow={`${organization.name} · Plan`} title="Usage Controls" description={`Storage, network egress and artifact retention for ${organization.name}.`} />
      <OrgSettingsNav organization={organization} current="plan" />
      <PlanNav org={org} current="usage" />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Panel title="Artifact retention">
          {isAdmin ? <RetentionForm org={org} currentDays={organization.artifactRetentionDays} /> : <RetentionReadOnly currentDays={organization.artifactRetentionDays} />}
        </Panel>
        {usage === 'forbidden' ? (
          <div className="lg:col-span-2">
            <Notice tone="info" title="Usage figures are for admins">
              Ask an organization admin for storage and egress figures.
            </Notice>
          </div>
        ) : (
          <>
            <div className="lg:col-span-2">
              <Panel
                title="Storage by project"
                summary={
                  <>
                    Artifacts <strong title={formatByteCount(usage.storage.logicalBytes)}>{formatBytes(usage.storage.logicalBytes)}</strong> · stored{' '}
                    <strong title={formatByteCount(usage.storage.physicalBytes)}>{formatBytes(usage.storage.physicalBytes)}</strong> · saved by deduplication{' '}
                    <strong title={formatByteCount(usage.storage.savedBytes)} data-testid="saved-by-deduplication">
                      {formatBytes(usage.storage.savedBytes)}
                    </strong>
                  </>
                }
              >
                {usage.storage.byProject.length === 0 ? (
                  <p className="text-sm text-zinc-600">Nothing stored yet.</p>
                ) : (
                  <HorizontalBarChart
                    caption="Storage used by each project"
                    labelHeader="Project"
                    valueHeader="Stored"
                    formatValue={formatBytes}
                    data={[...usage.storage.byProject]
                      .sort((a, b) => b.bytes - a.bytes)
                      .map((entry) => ({
                        key: entry.project,
                        value: entry.bytes,
                        label: (
                          <span title={`${entry.project}: ${entry.artifacts.toLocaleString('en-US')} artifacts`}>
                            {entry.project} <span className="text-xs text-zinc-500">({entry.artifacts.toLocaleString('en-US')})</span>
                          </span>
                        ),
                      }))}
                  />
                )}
                {usage.storage.byProject.length > 0 && <DeduplicationTable storage={usage.storage} />}
              </Panel>
            </div>
            <div className="lg:col-span-3">
              <Panel
                title={`Network egress, last ${EGRESS_DAYS} days`}
                summary={
                  <>
                    Total <strong title={formatByteCount(egressTotal)}>{formatBytes(egressTotal)}</strong>
                  </>
                }
              >
                <ColumnChart
                  caption={`Artifact downloads per day over the last ${EGRESS_DAYS} days`}
                  data={egress.map((day) => ({ key: day.day, value: day.bytes }))}
                  formatValue={formatBytes}
                  formatLabel={dayLabel}
                />
              </Panel>
            </div>
            <div className="lg:col-span-3">
              <Panel title="Largest artifacts">
                {usage.largestArtifacts.length === 0 ? (
                  <p className="text-sm text-zinc-600">No artifacts stored.</p>
                ) : (
                  <div className="overflow-x-auto">
                    <table className="w-full text-sm">
                      <caption className="sr-only">The largest artifacts stored by {organization.name}</caption>
                      <thead className="border-b border-zinc-200 text-left text-xs text-zinc-600">
                        <tr>
                          <th scope="col" className="py-2 pr-3 font-medium">
                            Artifact
                          </th>
                          <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">
                            Project
                          </th>
                          <th scope="col" className="py-2 pr-3 font-medium">
                            Job
                          </th>
                          <th scope="col" className="py-2 text-right font-medium">
                            Size
                          </th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-zinc-100">
                        {[...usage.largestArtifacts].sort((a, b) => b.size - a.size).map((artifact) => {
                          const project = findProject(projects, artifact.project);
                          const route = project && { org, vcs: project.vcsType, project: project.name };
                          return (
                            <tr key={`${artifact.project}:${artifact.jobNumber}:${artifact.nodeIndex}:${artifact.path}`}>
                              <td className="max-w-[16rem] truncate py-1.5 pr-3 font-mono text-xs" title={displayArtifactPath(artifact.path)}>
                                {displayArtifactPath(artifact.path)}
                                {artifact.nodeIndex > 0 && <span className="ml-1 text-zinc-500">(container {artifact.nodeIndex})</span>}
                              </td>
                              <td className="hidden py-1.5 pr-3 text-zinc-700 sm:table-cell">{artifact.project}</td>
                              <td className="py-1.5 pr-3 tabular-nums">
                                {route ? (
                                  <Link href={appPaths.jobArtifacts(route, artifact.jobNumber)} className="text-indigo-700 hover:underline">
                                    #{artifact.jobNumber}
                                  </Link>
                                ) : (
                                  `#${artifact.jobNumber}`
                                )}
                              </td>
                              <td className="py-1.5 text-right whitespace-nowrap tabular-nums" title={formatByteCount(artifact.size)}>
                                {formatBytes(artifact.size)}
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                )}
              </Panel>
            </div>
          </>
        )}
      </div>
    </>
  );
}
