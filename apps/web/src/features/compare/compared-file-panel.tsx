'use client';

import { useEffect, useMemo, useState } from 'react';
import type { ComparedFile } from '@stowage/contracts';
import { formatBytes } from '@stowage/domain';
import { classNames } from '../../components/ui/class-names';
import type { JobRef } from '../artifacts/artifact-links';
import { previewKindFor } from '../artifacts/artifact-preview-kind';
import { fetchTextPreview, type TextPreview } from '../artifacts/text-preview-reader';
import { locateComparedFile, type ComparedFileSide } from './compare.actions';
import { formatDelta } from './comparison-filter';
import { COMPARE_TEXT_BYTES, lineDiffRows, type DiffRow } from './text-diff';

type Sides = { base: ComparedFileSide | null; head: ComparedFileSide | null };
type Load<T> = { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'error'; message: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The selected file: its sizes, and for a changed text file the diff, for a changed image both versions. */
export function ComparedFilePanel({ file, job, baseNumber }: { file: ComparedFile | null; job: JobRef; baseNumber: number }) {
  return (
    <aside aria-label="Compared file" className="min-w-0 rounded-md border border-zinc-200 bg-white p-3 lg:sticky lg:top-4 lg:self-start">
      {file ? (
        <ComparedFileDetails key={`${file.nodeIndex}/${file.path}`} file={file} job={job} baseNumber={baseNumber} />
      ) : (
        <p className="text-sm text-zinc-600">Select a file to see what changed.</p>
      )}
    </aside>
  );
}

function ComparedFileDetails({ file, job, baseNumber }: { file: ComparedFile; job: JobRef; baseNumber: number }) {
  const [sides, setSides] = useState<Load<Sides>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    locateComparedFile(job, baseNumber, file.path, file.nodeIndex).then(
      (result) => current && setSides(result.ok ? { status: 'loaded', value: result.value } : { status: 'error', message: result.message }),
      (error: unknown) => current && setSides({ status: 'error', message: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [job, baseNumber, file.path, file.nodeIndex]);

  return (
    <div className="space-y-3">
      <div>
        <h2 className="font-mono text-sm break-all text-zinc-900">{file.path}</h2>
        <p className="mt-1 text-xs text-zinc-600 tabular-nums">
          {file.nodeIndex !== null && <>Container {file.nodeIndex} · </>}
          {file.status} · {file.baseSize === null ? '—' : formatBytes(file.baseSize)} → {file.size === null ? '—' : formatBytes(file.size)} ({formatDelta(file.delta)})
        </p>
      </div>
      {sides.status === 'loading' && (
        <p className="text-sm text-zinc-500" role="status">
          Finding both versions…
        </p>
      )}
      {sides.status === 'error' && (
        <p className="text-sm text-red-700" role="alert">
          {sides.message}
        </p>
      )}
      {sides.status === 'loaded' && <ComparedContent file={file} sides={sides.value} baseNumber={baseNumber} jobNumber={job.jobNumber} />}
    </div>
  );
}

function ComparedContent({ file, sides, baseNumber, jobNumber }: { file: ComparedFile; sides: Sides; baseNumber: number; jobNumber: number }) {
  const { base, head } = sides;
  const links = (
    <p className="flex flex-wrap gap-3 text-xs">
      {base && (
        <a href={base.href} className="text-indigo-700 hover:underline">
          Open base version (#{baseNumber})
        </a>
      )}
      {head && (
        <a href={head.href} className="text-indigo-700 hover:underline">
          Open this version (#{jobNumber})
        </a>
      )}
      {/* Matched by path, the sizes above add up every container's copy; say which copies are shown. */}
      {file.nodeIndex === null && (base || head) && (
        <span className="text-zinc-600" data-testid="compared-containers">
          Shown: container {base?.nodeIndex ?? '—'} → container {head?.nodeIndex ?? '—'}
        </span>
      )}
    </p>
  );
  if (file.status !== 'changed' || !base || !head) return links;
  const kind = previewKindFor(head.contentType, file.path);
  if (kind === 'image' && previewKindFor(base.contentType, file.path) === 'image') {
    return (
      <>
        {links}
        <div className="grid grid-cols-2 gap-2" data-testid="image-comparison">
          {[
            { side: base, label: `Base (#${baseNumber})` },
            { side: head, label: `This job (#${jobNumber})` },
          ].map(({ side, label }) => (
            <figure key={label} className="min-w-0">
              <figcaption className="mb-1 text-xs text-zinc-600">
                {label} · {formatBytes(side.size)}
              </figcaption>
              <div className="flex justify-center rounded-md border border-zinc-200 bg-[repeating-conic-gradient(#f4f4f5_0%_25%,#fff_0%_50%)] bg-[length:16px_16px] p-2">
                {/* A plain <img> from the artifacts' own address, exactly as uploaded (no image optimiser). */}
                <img src={side.href} alt={`${label}: ${file.path}`} className="max-h-[28rem] max-w-full object-contain" />
              </div>
            </figure>
          ))}
        </div>
      </>
    );
  }
  if (kind === 'text') {
    return (
      <>
        {links}
        <TextDiff base={base} head={head} />
      </>
    );
  }
  return (
    <>
      {links}
      <p className="text-sm text-zinc-600">No side-by-side view for {head.contentType ?? 'files of this type'}.</p>
    </>
  );
}

/** Both versions read up to 1 MiB each (a Range request per side), diffed by line in the browser. */
function TextDiff({ base, head }: { base: ComparedFileSide; head: ComparedFileSide }) {
  const [texts, setTexts] = useState<Load<[TextPreview, TextPreview]>>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    Promise.all([fetchTextPreview(base.href, base.size, controller.signal, COMPARE_TEXT_BYTES), fetchTextPreview(head.href, head.size, controller.signal, COMPARE_TEXT_BYTES)]).then(
      (value) => setTexts({ status: 'loaded', value }),
      (error: unknown) => {
        if (!controller.signal.aborted) setTexts({ status: 'error', message: errorText(error) });
      },
    );
    return () => controller.abort();
  }, [base.href, base.size, head.href, head.size]);

  const rows = useMemo(() => (texts.status === 'loaded' ? lineDiffRows(texts.value[0].text, texts.value[1].text) : undefined), [texts]);
  if (texts.status === 'loading') return <p className="text-sm text-zinc-500" role="status">Loading both versions…</p>;
  if (texts.status === 'error') return <p className="text-sm text-red-700" role="alert">The diff failed: {texts.message}</p>;
  const [before, after] = texts.value;
  return (
    <div>
      {(before.truncated || after.truncated) && (
        <p role="note" className="mb-1 text-xs text-amber-800" data-testid="diff-truncated">
          Truncated: comparing the first {formatBytes(COMPARE_TEXT_BYTES)} of each version
          {before.truncated && ` (base: ${formatBytes(base.size)})`}
          {after.truncated && ` (this job: ${formatBytes(head.size)})`}.
        </p>
      )}
      {rows ? <DiffLines rows={rows} /> : <p className="text-sm text-zinc-600">The two versions differ too much to show a line diff here. Open them to compare.</p>}
    </div>
  );
}

const ROW_STYLES: Record<Exclude<DiffRow['kind'], 'fold'>, string> = {
  removed: 'bg-red-950/60 text-red-100',
  added: 'bg-emerald-950/60 text-emerald-100',
  same: 'text-zinc-300',
};
const MARK = { removed: '-', added: '+', same: ' ' } as const;

/** A browser tab stays responsive with this many diff rows in the DOM; past it, we say so. */
const MAX_DIFF_ROWS = 5_000;

/** Rows as React text (escaped by React): whatever a file holds is shown, never interpreted as HTML. */
function DiffLines({ rows }: { rows: DiffRow[] }) {
  const shown = rows.length > MAX_DIFF_ROWS ? rows.slice(0, MAX_DIFF_ROWS) : rows;
  return (
    <div
      role="region"
      aria-label="Line diff"
      tabIndex={0}
      className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200 bg-zinc-950 py-2 font-mono text-xs leading-5"
    >
      {shown.map((row, index) =>
        row.kind === 'fold' ? (
          <div key={index} className="px-3 text-zinc-500 italic">
            ⋯ {row.lines.toLocaleString('en-US')} unchanged {row.lines === 1 ? 'line' : 'lines'}
          </div>
        ) : (
          <div key={index} data-diff={row.kind} className={classNames('flex min-w-max gap-3 pr-3 whitespace-pre', ROW_STYLES[row.kind])}>
            <span className="w-10 shrink-0 text-right text-zinc-500 select-none">{row.baseLine ?? ''}</span>
            <span className="w-10 shrink-0 text-right text-zinc-500 select-none">{row.headLine ?? ''}</span>
            <span aria-hidden="true" className="select-none">
              {MARK[row.kind]}
            </span>
            {/* The colour and the mark are visual only: a screen reader hears which side a line is on. */}
            {row.kind !== 'same' && <span className="sr-only">{row.kind === 'removed' ? 'removed: ' : 'added: '}</span>}
            <span>{row.text}</span>
          </div>
        ),
      )}
      {shown.length < rows.length && (
        <div className="px-3 text-amber-300">
          Showing the first {MAX_DIFF_ROWS.toLocaleString('en-US')} of {rows.length.toLocaleString('en-US')} diff lines: open both versions for the rest.
        </div>
      )}
    </div>
  );
}
