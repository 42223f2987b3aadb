'use client';

import { useCallback, useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { formatBytes } from '@stowage/domain';
import { ActionButton } from '../../components/ui/action-button';
import { Badge } from '../../components/ui/badge';
import { buttonStyles } from '../../components/ui/button';
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

  const filterId = useId();
  const pending = tree.containers.reduce((sum, container) => sum + container.pendingCount, 0);
  const failed = tree.containers.reduce((sum, container) => sum + container.failedCount, 0);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem] xl:grid-cols-[minmax(0,1fr)_28rem]">
      <section aria-label="Artifact files" className="min-w-0">
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <div className="relative w-full sm:w-72">
            <label htmlFor={filterId} className="sr-only">
              Filter artifacts by name or path
            </label>
            <svg aria-hidden="true" viewBox="0 0 16 16" className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400">
              <path fill="currentColor" d="M7 2a5 5 0 0 1 3.96 8.05l3 3-1.06 1.06-3-3A5 5 0 1 1 7 2Zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7Z" />
            </svg>
            <input
              id={filterId}
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Filter by name or path"
              autoComplete="off"
              spellCheck={false}
              className="block h-9 w-full rounded-md border-0 bg-white pr-3 pl-8 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600"
            />
          </div>
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
