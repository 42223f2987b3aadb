'use client';

import { useEffect, useId, useState } from 'react';
import { formatBytes } from '@stowage/domain';
import { previewKindFor } from './artifact-preview-kind';
import type { ArtifactView } from './artifact-view';
import { fetchTextPreview, type TextPreview as TextPreviewData } from './text-preview-reader';

/** An inline preview chosen by content type: text, image, or an HTML report in a sandbox. */
export function ArtifactPreview({ artifact, name }: { artifact: ArtifactView; name: string }) {
  const kind = previewKindFor(artifact.contentType, artifact.path);
  if (artifact.state !== 'available') return null;
  switch (kind) {
    case 'text':
      return <TextPreview key={artifact.id} href={artifact.href} size={artifact.size} />;
    case 'image':
      return (
        <div className="flex justify-center rounded-md border border-zinc-200 bg-[repeating-conic-gradient(#f4f4f5_0%_25%,#fff_0%_50%)] bg-[length:16px_16px] p-2">
          {/* A plain <img>: artifacts are shown exactly as uploaded, never resized by an image optimiser. */}
          <img src={artifact.href} alt={`Preview of ${name}`} className="max-h-[28rem] max-w-full object-contain" />
        </div>
      );
    case 'html':
      return (
        // Scripts may run (reports need them) but never with this site's origin: no allow-same-origin.
        <iframe
          src={artifact.href}
          sandbox="allow-scripts"
          title={`Preview of ${name}`}
          referrerPolicy="no-referrer"
          className="h-[28rem] w-full rounded-md border border-zinc-200 bg-white"
        />
      );
    default:
      return <p className="text-sm text-zinc-600">No preview for {artifact.contentType ?? 'files of this type'}. Download it to open it.</p>;
  }
}

type TextState = { status: 'loading' } | { status: 'loaded'; preview: TextPreviewData } | { status: 'error'; message: string };

function TextPreview({ href, size }: { href: string; size: number }) {
  const [state, setState] = useState<TextState>({ status: 'loading' });
  const [wrap, setWrap] = useState(false);
  const wrapId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchTextPreview(href, size, controller.signal).then(
      (preview) => setState({ status: 'loaded', preview }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [href, size]);

  if (state.status === 'loading') return <p className="text-sm text-zinc-500" role="status">Loading preview…</p>;
  if (state.status === 'error') return <p className="text-sm text-red-700" role="alert">Preview failed: {state.message}</p>;
  const { preview } = state;
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-2 text-xs text-zinc-600">
        <label htmlFor={wrapId} className="inline-flex items-center gap-1.5">
          <input id={wrapId} type="checkbox" checked={wrap} onChange={(event) => setWrap(event.target.checked)} className="accent-indigo-600" />
          Wrap lines
        </label>
        {preview.truncated && (
          <span role="note" className="text-amber-800" data-testid="preview-truncated">
            Truncated: showing the first {formatBytes(preview.bytesShown)} of {formatBytes(size)}
          </span>
        )}
      </div>
      <pre
        aria-label="File preview"
        tabIndex={0}
        className={`max-h-[28rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100 ${wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre'}`}
      >
        {preview.text || <span className="text-zinc-500">(empty file)</span>}
      </pre>
    </div>
  );
}
