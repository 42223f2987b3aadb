'use client';

import { useRouter } from 'next/navigation';
import { useDeferredValue, useId, useMemo, useOptimistic, useState, useTransition } from 'react';
import type { JobComparison } from '@stowage/contracts';
import { formatByteCount, formatBytes } from '@stowage/domain';
import { Badge } from '../../components/ui/badge';
import { FilterField } from '../../components/ui/filter-field';
import { selectStyles } from '../../components/ui/form-styles';
import { appPaths } from '../../lib/app-paths';
import type { JobRef } from '../artifacts/artifact-links';
import { JobStatusBadge } from '../jobs/job-status-badge';
import { BasePicker } from './base-picker';
import { ComparedFileList, comparedFileKey } from './compared-file-list';
import { ComparedFilePanel } from './compared-file-panel';
import { filterComparedFiles, formatDelta, formatGrowth, LISTED_STATUSES, type ListedStatus } from './comparison-filter';

export const STATUS_LABEL: Record<ListedStatus | 'unchanged', string> = { added: 'Added', removed: 'Removed', changed: 'Changed', unchanged: 'Unchanged' };

/** "1.2 MiB → 1.3 MiB (+100 KiB, +8.3 %)" */
function SizeChange({ baseSize, size, delta }: { baseSize: number; size: number; delta: number }) {
  const growth = formatGrowth(baseSize, delta);
  return (
    <span className="tabular-nums">
      <span title={formatByteCount(baseSize)}>{formatBytes(baseSize)}</span> → <span title={formatByteCount(size)}>{formatBytes(size)}</span>{' '}
      <span className={delta > 0 ? 'text-red-700' : delta < 0 ? 'text-emerald-700' : 'text-zinc-500'}>
        ({formatDelta(delta)}
        {growth && `, ${growth}`})
      </span>
    </span>
  );
}

/**
 * The Compare tab: this job against its base, with counts, totals per container and overall, and
 * the added, removed and changed files in a filtered, virtualized list beside a diff panel. The
 * server hands over only those files (unchanged ones are counted by the API), and filtering is one
 * pass at low priority, so two 10,000-file jobs stay smooth.
 */
export function CompareView({ comparison, job, explicitBase }: { comparison: JobComparison; job: JobRef; explicitBase: boolean }) {
  const route = { vcs: job.vcs, org: job.org, project: job.project };
  const byPath = comparison.matchBy === 'path';
  const router = useRouter();
  const [switching, startSwitch] = useTransition();
  // The switch shows the choice at once; the comparison follows when the server has made it.
  const [pathChosen, choosePath] = useOptimistic(byPath);

  const [query, setQuery] = useState('');
  const [nodeIndex, setNodeIndex] = useState<number | null>(null);
  const [status, setStatus] = useState<ListedStatus | null>(null);
  const filter = useDeferredValue(useMemo(() => ({ query, nodeIndex: byPath ? null : nodeIndex, status }), [query, nodeIndex, status, byPath]));
  const filtered = useMemo(() => filterComparedFiles(comparison.items, filter), [comparison.items, filter]);
  const filtering = filter.query.trim() !== '' || filter.nodeIndex !== null || filter.status !== null;

  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const selected = useMemo(() => comparison.items.find((file) => comparedFileKey(file) === selectedKey) ?? null, [comparison.items, selectedKey]);

  const ids = { container: useId(), status: useId(), match: useId() };
  const { totals, base } = comparison;

  return (
    <div className="space-y-4">
      <section aria-label="Base job" className="flex flex-wrap items-end justify-between gap-3 rounded-md border border-zinc-200 bg-white p-3">
        <div className="min-w-0 text-sm" data-testid="compare-base">
          <p className="text-xs text-zinc-500">{explicitBase ? 'Compared with' : 'Compared with the default base'}</p>
          <p className="mt-0.5 flex flex-wrap items-center gap-2">
            <a href={appPaths.jobArtifacts(route, base.number)} className="font-medium text-indigo-700 hover:underline">
              {base.name} #{base.number}
            </a>
            {base.branch && <span className="font-mono text-xs text-zinc-600">{base.branch}</span>}
            <JobStatusBadge status={base.status} />
            {comparison.pending && <Badge tone="amber">uploads pending: the comparison may change</Badge>}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <label htmlFor={ids.match} className="inline-flex h-8 items-center gap-2 text-sm text-zinc-800">
            <input
              id={ids.match}
              type="checkbox"
              role="switch"
              checked={pathChosen}
              aria-busy={switching}
              onChange={(event) => {
                const chosen = event.target.checked;
                startSwitch(() => {
                  choosePath(chosen);
                  router.push(appPaths.jobCompare(route, job.jobNumber, { base: explicitBase ? base.number : undefined, matchBy: chosen ? 'path' : 'container' }));
                });
              }}
              className="accent-indigo-600"
            />
            Match files by path across containers
          </label>
          <BasePicker route={route} jobNumber={job.jobNumber} matchBy={comparison.matchBy} current={explicitBase ? base.number : undefined} />
        </div>
      </section>

      <section aria-label="Totals" className="rounded-md border border-zinc-200 bg-white p-3">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(['changed', 'added', 'removed', 'unchanged'] as const).map((key) => (
            <div key={key}>
              <dt className="text-xs text-zinc-500">{STATUS_LABEL[key]}</dt>
              <dd className="text-lg font-semibold text-zinc-900 tabular-nums" data-testid={`compare-count-${key}`}>
                {totals[key].toLocaleString('en-US')}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-sm text-zinc-700" data-testid="compare-total-size">
          Total: <SizeChange baseSize={totals.baseSize} size={totals.size} delta={totals.delta} />
        </p>
        {comparison.containers.length > 0 && (
          <table className="mt-3 w-full text-left text-xs" aria-label="Totals per container">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Container</th>
                {(['changed', 'added', 'removed', 'unchanged'] as const).map((key) => (
                  <th key={key} className="py-1 text-right font-medium">
                    {STATUS_LABEL[key]}
                  </th>
                ))}
                <th className="py-1 text-right font-medium">Size</th>
              </tr>
            </thead>
            <tbody className="text-zinc-800">
              {comparison.containers.map((container) => (
                <tr key={container.nodeIndex} className="border-t border-zinc-100" data-node-index={container.nodeIndex}>
                  <td className="py-1">Container {container.nodeIndex}</td>
                  {(['changed', 'added', 'removed', 'unchanged'] as const).map((key) => (
                    <td key={key} className="py-1 text-right tabular-nums">
                      {container[key].toLocaleString('en-US')}
                    </td>
                  ))}
                  <td className="py-1 text-right">
                    <SizeChange baseSize={container.baseSize} size={container.size} delta={container.delta} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_28rem] xl:grid-cols-[minmax(0,1fr)_36rem]">
        <section aria-label="Compared files" className="min-w-0">
          <div role="search" aria-label="Filter compared files" className="mb-2 flex flex-wrap items-end gap-2">
            <FilterField label="Filter compared files by path" value={query} onChange={setQuery} />
            {!byPath && comparison.containers.length > 1 && (
              <div className="w-40">
                <label htmlFor={ids.container} className="sr-only">
                  Container
                </label>
                <select id={ids.container} value={nodeIndex ?? ''} onChange={(event) => setNodeIndex(event.target.value === '' ? null : Number(event.target.value))} className={selectStyles}>
                  <option value="">All containers</option>
                  {comparison.containers.map((container) => (
                    <option key={container.nodeIndex} value={container.nodeIndex}>
                      Container {container.nodeIndex}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="w-40">
              <label htmlFor={ids.status} className="sr-only">
                Change
              </label>
              <select id={ids.status} value={status ?? ''} onChange={(event) => setStatus(event.target.value === '' ? null : (event.target.value as ListedStatus))} className={selectStyles}>
                <option value="">Any change</option>
                {LISTED_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABEL[value]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p className="mb-2 flex flex-wrap gap-2 text-xs text-zinc-600" aria-live="polite" data-testid="compare-summary">
            {filtering ? (
              <span>
                {filtered.files.length.toLocaleString('en-US')} of {comparison.items.length.toLocaleString('en-US')} files match: {filtered.counts.changed} changed,{' '}
                {filtered.counts.added} added, {filtered.counts.removed} removed ({formatDelta(filtered.delta)})
              </span>
            ) : (
              <span>{comparison.items.length.toLocaleString('en-US')} files differ</span>
            )}
          </p>
          {filtered.files.length === 0 ? (
            <p className="rounded-md border border-zinc-200 bg-white px-4 py-8 text-center text-sm text-zinc-600">
              {comparison.items.length === 0 ? 'No file differs from the base job.' : 'No compared file matches the filter.'}
            </p>
          ) : (
            <ComparedFileList files={filtered.files} selectedKey={selectedKey} onSelect={setSelectedKey} />
          )}
        </section>
        <ComparedFilePanel file={selected} job={job} baseNumber={base.number} />
      </div>
    </div>
  );
}
