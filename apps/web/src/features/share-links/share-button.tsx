'use client';

import { unstable_rethrow } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/labelled-field';
import type { JobRef } from '../artifacts/artifact-links';
import { createShareLink } from './share-link.actions';
import { defaultExpiry, expiryChoices, sharePageUrl } from './share-link-options';

const UNREACHABLE = 'The link could not be made. Check your connection and try again.';

/**
 * "Share": a dialog to choose how long a public link lives and an optional note, which makes the
 * link and shows its address once, with a copy button. `latestExpiry` (one file's) rules out the
 * choices that would outlive it; otherwise the API refuses them and says until when it may live.
 */
export function ShareButton({ job, nodeIndex, path, what, latestExpiry }: { job: JobRef; nodeIndex?: number; path?: string; what: string; latestExpiry?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-label={`Share ${what}`} data-testid="share-open">
        Share
      </Button>
      {open && <ShareDialog job={job} nodeIndex={nodeIndex} path={path} what={what} latestExpiry={latestExpiry} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({
  job,
  nodeIndex,
  path,
  what,
  latestExpiry,
  onClose,
}: {
  job: JobRef;
  nodeIndex?: number;
  path?: string;
  what: string;
  latestExpiry?: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const choices = useMemo(() => expiryChoices(new Date(), latestExpiry), [latestExpiry]);
  const [seconds, setSeconds] = useState<number | null>(() => defaultExpiry(choices));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = () =>
    startTransition(async () => {
      if (seconds === null) return;
      setError(null);
      try {
        const outcome = await createShareLink(job, { nodeIndex, path, expiresInSeconds: seconds, note: note || undefined });
        if (outcome.ok) setCreated({ url: sharePageUrl(window.location.origin, outcome.value.secret), expiresAt: outcome.value.expiresAt });
        else setError(outcome.message);
      } catch (thrown) {
        unstable_rethrow(thrown);
        setError(UNREACHABLE);
      }
    });

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onClose();
      }}
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-left text-zinc-900 shadow-xl ring-1 ring-zinc-900/10 backdrop:bg-zinc-950/50"
    >
      <div className="p-5">
        <h2 id={titleId} className="text-base font-semibold break-words">
          Share {what}
        </h2>
        {created ? (
          <>
            <p className="mt-2 text-sm text-zinc-700">
              Anyone with this link can download what it covers until <time dateTime={created.expiresAt}>{created.expiresAt.replace('T', ' ').slice(0, 16)} UTC</time>.
            </p>
            <input
              readOnly
              value={created.url}
              aria-label="Share link"
              data-testid="share-url"
              onFocus={(event) => event.currentTarget.select()}
              className="mt-3 block w-full rounded-md border-0 bg-zinc-50 px-2 py-1.5 font-mono text-xs ring-1 ring-zinc-300 ring-inset"
            />
            <p role="note" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Copy it now: this link will not be shown again.
            </p>
            <div className="mt-5 flex flex-wrap justify-end gap-2">
              <Button onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>
              <Button variant="primary" onClick={onClose}>
                Done
              </Button>
            </div>
          </>
        ) : (
          <form
            className="mt-3 flex flex-col gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <SelectField label="Expires after" width="w-full" value={seconds ?? ''} onChange={(event) => setSeconds(Number(event.target.value))} disabled={pending}>
              {choices.map((choice) => (
                <option key={choice.seconds} value={choice.seconds} disabled={!choice.allowed}>
                  {choice.label}
                  {choice.allowed ? '' : ' (the artifacts expire sooner)'}
                </option>
              ))}
            </SelectField>
            {seconds === null && <p className="text-sm text-zinc-600">These artifacts expire within the hour: they cannot be shared.</p>}
            <TextField label="Note (optional, shown on the link's page)" width="w-full" value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} disabled={pending} />
            {error && (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
            <div className="mt-2 flex flex-wrap justify-end gap-2">
              <Button onClick={onClose} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={pending || seconds === null}>
                {pending ? 'Creating…' : 'Create link'}
              </Button>
            </div>
          </form>
        )}
      </div>
    </dialog>
  );
}
