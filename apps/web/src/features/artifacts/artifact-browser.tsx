'use client';

import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { formatBytes } from '@stowage/domain';
import { ActionButton } from '../../components/ui/action-button';
import { Badge } from '../../components/ui/badge';
import { buttonStyles } from '../../components/ui/button';
import { FilterField } from '../../components/ui/filter-field';
import { ShareButton, type ShareSettings } from '../share-links/share-button';
import { ArtifactDetailsPanel } from './artifact-details-panel';
import { DownloadIcon } from './artifact-icons';
import { deleteJobArtifactsConfirmation } from './artifact-deletion';
import { archiveHref, type JobRef } from './artifact-links';
import { deleteJobArtifacts } from './artifact.actions';
import {
  buildArtifactTree,
  flattenVisibleTree,
  indexTreeNodes,
  initiallyExpandedIds,
  matchArtifactTree,
  type FolderNode,
  type TreeNode,
} from './artifact-tree';
import { ArtifactTreeView, type SelectVia } from './artifact-tree-view';
import type { ArtifactView } from './artifact-view';

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * The Artifacts tab: every artifact of the job, fetched by the server, shown as a tree per
 * container with a filter, zip downloads and a details/preview panel. Built for 10,000 files:
 * the tree is built once, filtering is one pass over it at low priority, and only visible rows render.
 */
export function ArtifactBrowser({ artifacts, job, canDelete = false, share }: { artifacts: ArtifactView[]; job: JobRef; canDelete?: boolean; share?: ShareSettings }) {
  const tree = useMemo(() => buildArtifactTree(artifacts), [artifacts]);
  const nodesById = useMemo(() => indexTreeNodes(tree), [tree]);

  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const match = useMemo(() => matchArtifactTree(tree, deferredQuery), [tree, deferredQuery]);
  const filtering = match !== null;

  // Outside a filter, folders open and close as the reader chooses. While filtering, every folder
  // holding a match is open, except those the reader closes during that same filter.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => initiallyExpandedIds(tree));
  const [filterClosed, setFilterClosed] = useState<{ query: string; ids: ReadonlySet<string> }>({ query: '', ids: NO_IDS });
  const closedInFilter = filterClosed.query === deferredQuery ? filterClosed.ids : NO_IDS;

  const isExpanded = useCallback(
    (folder: FolderNode<ArtifactView>) => (filtering ? !closedInFilter.has(folder.id) : expanded.has(folder.id)),
    [filtering, closedInFilter, expanded],
  );
  const rows = useMemo(() => flattenVisibleTree(tree, isExpanded, match), [tree, isExpanded, match]);

  const toggle = useCallback(
    (id: string, open: boolean) => {
      const update = (ids: ReadonlySet<string>, add: boolean) => {
        const next = new Set(ids);
        if (add) next.add(id);
        else next.delete(id);
        return next;
      };
      if (filtering) setFilterClosed({ query: deferredQuery, ids: update(closedInFilter, !open) });
      else setExpanded((ids) => update(ids, open));
    },
    [filtering, deferredQuery, closedInFilter],
  );

  const setAll = (open: boolean) => {
    if (filtering) setFilterClosed({ query: deferredQuery, ids: open ? NO_IDS : new Set(tree.folders.map((folder) => folder.id)) });
    else setExpanded(open ? new Set(tree.folders.map((folder) => folder.id)) : NO_IDS);
  };

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = selectedId ? (nodesById.get(selectedId) ?? null) : null;
  const panel = useRef<HTMLElement>(null);
  const select = useCallback((node: TreeNode<ArtifactView>, via: SelectVia) => {
    setSelectedId(node.id);
    // On narrow screens the panel sits below the tree: bring it into view after a tap.
    if (via === 'pointer' && node.kind === 'file' && window.matchMedia('(max-width: 1023px)').matches) {
      requestAnimationFrame(() => panel.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    }
  }, []);

  const pending = tree.containers.reduce((sum, container) => sum + container.pendingCount, 0);
  const failed = tree.containers.reduce((sum, container) => sum + container.failedCount, 0);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem] xl:grid-cols-[minmax(0,1fr)_28rem]">
      <section aria-label="Artifact files" className="min-w-0">
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <FilterField label="Filter artifacts by name or path" value={query} onChange={setQuery} />
          <div className="flex gap-1">
            <button type="button" onClick={() => setAll(true)} className={buttonStyles({ variant: 'ghost', size: 'sm' })}>
              Expand all
            </button>
            <button type="button" onClick={() => setAll(false)} className={buttonStyles({ variant: 'ghost', size: 'sm' })}>
              Collapse all
            </button>
          </div>
          <div className="flex flex-wrap items-start gap-2 sm:ml-auto">
            <a href={archiveHref(job)} className={buttonStyles({ size: 'sm' })} data-testid="download-all">
              <DownloadIcon />
              Download all (.zip)
            </a>
            {share && <ShareButton job={job} what={`all artifacts of job #${job.jobNumber}`} settings={share} />}
            {canDelete && (
              <ActionButton
                variant="danger"
                label={`Delete all artifacts of job #${job.jobNumber}`}
                confirmation={deleteJobArtifactsConfirmation(job.jobNumber, tree.fileCount, tree.totalBytes)}
                action={() => deleteJobArtifacts(job)}
                pendingLabel="Deleting…"
                testId="delete-job-artifacts"
              >
                Delete all
              </ActionButton>
            )}
          </div>
        </div>
        <p className="mb-2 flex flex-wrap items-center gap-2 text-xs text-zinc-600" aria-live="polite" data-testid="artifact-summary">
          {match ? (
            <span>
              {match.fileCount.toLocaleString('en-US')} of {tree.fileCount.toLocaleString('en-US')} files match ({formatBytes(match.totalBytes)})
            </span>
          ) : (
            <span>
              {tree.fileCount.toLocaleString('en-US')} {tree.fileCount === 1 ? 'file' : 'files'}, {formatBytes(tree.totalBytes)} in{' '}
              {tree.containers.length} {tree.containers.length === 1 ? 'container' : 'containers'}
            </span>
          )}
          {query !== deferredQuery && <span className="text-zinc-400">filtering…</span>}
          {pending > 0 && <Badge tone="amber">{pending} uploading</Badge>}
          {failed > 0 && <Badge tone="red">{failed} failed</Badge>}
        </p>
        {rows.length === 0 ? (
          <p className="rounded-md border border-zinc-200 bg-white px-4 py-8 text-center text-sm text-zinc-600">
            No artifact matches “{deferredQuery.trim()}”.
          </p>
        ) : (
          <ArtifactTreeView
            rows={rows}
            label={`Artifacts of job ${job.jobNumber}`}
            job={job}
            selectedId={selectedId}
            onToggle={toggle}
            onSelect={select}
          />
        )}
      </section>
      <ArtifactDetailsPanel ref={panel} node={selected} job={job} canDelete={canDelete} share={share} />
    </div>
  );
}
