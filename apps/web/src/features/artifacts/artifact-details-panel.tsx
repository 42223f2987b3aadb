'use client';

import type { Ref } from 'react';
import { formatByteCount, formatBytes } from '@stowage/domain';
import { ActionButton } from '../../components/ui/action-button';
import { Badge } from '../../components/ui/badge';
import { buttonStyles } from '../../components/ui/button';
import { DownloadIcon } from './artifact-icons';
import { deleteArtifactConfirmation } from './artifact-deletion';
import { archiveHref, type JobRef } from './artifact-links';
import { deleteArtifact } from './artifact.actions';
import { ArtifactPreview } from './artifact-preview';
import { ShareButton, type ShareSettings } from '../share-links/share-button';
import { PurgeBytesButton } from './purge-bytes-button';
import type { TreeNode } from './artifact-tree';
import type { ArtifactView } from './artifact-view';
import { CoreDumpFacts } from './core-dump-facts';

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{term}</dt>
      <dd className="min-w-0 break-words text-zinc-900">{children}</dd>
    </>
  );
}

const STATE_BADGES = {
  available: null,
  pending: <Badge tone="amber">uploading</Badge>,
  failed: <Badge tone="red">failed</Badge>,
} as const;

/** Facts, downloads and the preview of whatever is selected in the tree. */
export function ArtifactDetailsPanel({
  node,
  job,
  canDelete = false,
  share,
  ref,
}: {
  node: TreeNode<ArtifactView> | null;
  job: JobRef;
  canDelete?: boolean;
  share?: ShareSettings;
  ref?: Ref<HTMLElement>;
}) {
  return (
    <aside ref={ref} aria-labelledby="artifact-details-title" className="min-w-0 rounded-md border border-zinc-200 bg-white p-4 lg:sticky lg:top-4 lg:self-start">
      {node === null ? (
        <>
          <h2 id="artifact-details-title" className="text-sm font-semibold text-zinc-900">
            Details
          </h2>
          <p className="mt-1 text-sm text-zinc-600">
            Select a file to see its details and a preview. In the tree, use the arrow keys to move, Right and Left to open and close
            folders, and Enter to select.
          </p>
        </>
      ) : node.kind === 'file' ? (
        <FileDetails node={node} job={job} canDelete={canDelete} share={share} />
      ) : (
        <FolderDetails node={node} job={job} share={share} />
      )}
    </aside>
  );
}

function FolderDetails({ node, job, share }: { node: Exclude<TreeNode<ArtifactView>, { kind: 'file' }>; job: JobRef; share?: ShareSettings }) {
  return (
    <>
      <h2 id="artifact-details-title" className="truncate text-sm font-semibold text-zinc-900" title={node.prefixLabel || node.label}>
        {node.label}
      </h2>
      <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        {node.kind === 'folder' && (
          <Row term="Folder">
            <span className="font-mono text-xs">{node.prefixLabel}</span>
          </Row>
        )}
        <Row term="Container">{node.nodeIndex}</Row>
        <Row term="Files">{node.fileCount.toLocaleString('en-US')}</Row>
        <Row term="Size">
          <span title={formatByteCount(node.totalBytes)}>{formatBytes(node.totalBytes)}</span>
        </Row>
        {node.pendingCount > 0 && <Row term="Uploading">{node.pendingCount}</Row>}
        {node.failedCount > 0 && <Row term="Failed">{node.failedCount}</Row>}
      </dl>
      <div className="mt-4 flex flex-wrap items-start gap-2">
        <a href={archiveHref(job, { nodeIndex: node.nodeIndex, prefix: node.prefix || undefined })} className={buttonStyles({ size: 'sm' })}>
          <DownloadIcon />
          Download {node.kind === 'container' ? 'container' : 'folder'} (.zip)
        </a>
        {share && (
          <ShareButton
            settings={share}
            key={`share-${node.nodeIndex}-${node.prefix}`}
            job={job}
            nodeIndex={node.nodeIndex}
            path={node.prefix.replace(/\/+$/, '')}
            what={node.kind === 'container' ? `container ${node.nodeIndex}` : `folder ${node.prefixLabel}`}
          />
        )}
      </div>
    </>
  );
}

function FileDetails({ node, job, canDelete, share }: { node: Extract<TreeNode<ArtifactView>, { kind: 'file' }>; job: JobRef; canDelete: boolean; share?: ShareSettings }) {
  const { artifact } = node;
  return (
    <>
      <div className="flex items-start justify-between gap-2">
        <h2 id="artifact-details-title" className="min-w-0 text-sm font-semibold break-all text-zinc-900">
          {node.label}
        </h2>
        <div className="flex gap-1">
          {artifact.coreDump && <Badge tone="violet">core dump</Badge>}
          {STATE_BADGES[artifact.state]}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        <Row term="Path">
          <span className="font-mono text-xs break-all">{node.pathLabel}</span>
        </Row>
        <Row term="Container">{artifact.nodeIndex}</Row>
        <Row term="Size">
          {formatBytes(artifact.size)} <span className="text-xs text-zinc-500">({formatByteCount(artifact.size)})</span>
        </Row>
        <Row term="Type">{artifact.contentType ?? <span className="text-zinc-500">unknown</span>}</Row>
        {artifact.state === 'available' && (
          <Row term="SHA-256">
            <span className="font-mono text-[11px] break-all" data-testid="artifact-sha256">
              {artifact.sha256}
            </span>
          </Row>
        )}
        <Row term="Expires">
          <time dateTime={artifact.expiresAt}>{artifact.expiresAt.slice(0, 10)}</time>
        </Row>
      </dl>
      {artifact.state === 'failed' && (
        <p role="note" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          Upload failed{artifact.failureReason ? `: ${artifact.failureReason}` : '.'}
        </p>
      )}
      {artifact.state === 'pending' && (
        <p role="note" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Still uploading: the file can be downloaded once the upload completes.
        </p>
      )}
      {(artifact.state === 'available' || canDelete) && (
        <div className="mt-4 flex flex-wrap items-start gap-2">
          {artifact.state === 'available' && (
            <a href={artifact.href} className={buttonStyles({ variant: 'primary', size: 'sm' })} data-testid="artifact-download">
              <DownloadIcon />
              Download
            </a>
          )}
          {share && artifact.state === 'available' && (
            <ShareButton key={`share-${artifact.id}`} settings={share} job={job} nodeIndex={artifact.nodeIndex} path={artifact.path} what={node.pathLabel} latestExpiry={artifact.expiresAt} />
          )}
          {canDelete && (
            <ActionButton
              // A new artifact selected gets a fresh button: no error of the previous one lingers.
              key={artifact.id}
              variant="danger"
              align="start"
              label={`Delete artifact ${node.pathLabel}`}
              confirmation={deleteArtifactConfirmation(artifact, job.jobNumber)}
              action={() => deleteArtifact(job, artifact.id)}
              pendingLabel="Deleting…"
              testId="delete-artifact"
            >
              Delete
            </ActionButton>
          )}
          {/* Only stored bytes can be purged: an upload in progress or failed holds none yet. */}
          {canDelete && artifact.state === 'available' && <PurgeBytesButton key={`purge-${artifact.id}`} job={job} artifactId={artifact.id} label={`Purge the bytes of ${node.pathLabel}`} />}
        </div>
      )}
      {artifact.coreDump && (
        <div className="mt-4">
          <CoreDumpFacts facts={artifact.coreDump} />
        </div>
      )}
      {artifact.state === 'available' && (
        <section aria-label="Preview" className="mt-4">
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Preview</h3>
          <ArtifactPreview artifact={artifact} name={node.label} />
        </section>
      )}
    </>
  );
}
