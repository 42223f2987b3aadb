'use client';

import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import type { ShareTarget } from '@stowage/contracts';
import { Button } from '../../components/ui/button';
import { labelStyles } from '../../components/ui/form-styles';
import { SelectField, TextField } from '../../components/ui/labelled-field';
import type { JobRef } from '../artifacts/artifact-links';
import { createShareLink } from './share-link.actions';
import { defaultExpiry, expiryChoices, sharePageUrl } from './share-link-options';
import { describeShareTarget, formatUtcMinute, shareTargetOf } from './share-link-rules';

/** What the job page knows about sharing here: whether the organization allows it, and this job's stream. */
export interface ShareSettings {
  /** False when an organization admin turned share links off. */
  enabled: boolean;
  /** Where admins turn them back on. */
  orgSettingsHref: string;
  /** This job's name, and the branch a stream link follows unless changed (the project's default branch). */
  stream: { name: string; defaultBranch: string };
}

const UNREACHABLE = 'The link could not be made. Check your connection and try again.';

/**
 * "Share": a dialog to choose what the link follows (this job, or the newest successful job of its
 * name on a branch), how long it lives and an optional note, which makes the link and shows its
 * address once, with a copy button. `latestExpiry` (one file's) rules out the choices that would
 * outlive it; otherwise the API refuses them and says until when it may live. While the
 * organization has share links turned off, the button says so and its dialog explains.
 */
export function ShareButton({
  job,
  nodeIndex,
  path,
  what,
  latestExpiry,
  settings,
}: {
  job: JobRef;
  nodeIndex?: number;
  path?: string;
  what: string;
  latestExpiry?: string;
  settings: ShareSettings;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <Button
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={settings.enabled ? `Share ${what}` : `Sharing off: share links to ${what} are turned off for this organization`}
        title={settings.enabled ? undefined : 'Share links are turned off for this organization'}
        data-testid="share-open"
      >
        {settings.enabled ? 'Share' : 'Sharing off'}
      </Button>
      {open &&
        (settings.enabled ? (
          <ShareDialog job={job} nodeIndex={nodeIndex} path={path} what={what} latestExpiry={latestExpiry} stream={settings.stream} onClose={close} />
        ) : (
          <DialogFrame title={`Share ${what}`} onClose={close}>
            <p role="note" className="mt-2 text-sm text-zinc-700" data-testid="share-off">
              Share links are turned off for this organization: no link can be made, and existing ones answer “not found”. An organization admin can turn
              them on in{' '}
              <Link href={settings.orgSettingsHref} className="underline">
                the organization&apos;s settings
              </Link>
              .
            </p>
            <div className="mt-5 flex justify-end">
              <Button variant="primary" onClick={close}>
                Close
              </Button>
            </div>
          </DialogFrame>
        ))}
    </>
  );
}

/** The modal both dialogs use: Escape closes it unless `busy`. */
function DialogFrame({ title, busy = false, onClose, children }: { title: string; busy?: boolean; onClose: () => void; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onClose={onClose}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-0 text-left text-zinc-900 shadow-xl ring-1 ring-zinc-900/10 backdrop:bg-zinc-950/50"
    >
      <div className="p-5">
        <h2 id={titleId} className="text-base font-semibold break-words">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}

function ShareDialog({
  job,
  nodeIndex,
  path,
  what,
  latestExpiry,
  stream,
  onClose,
}: {
  job: JobRef;
  nodeIndex?: number;
  path?: string;
  what: string;
  latestExpiry?: string;
  stream: ShareSettings['stream'];
  onClose: () => void;
}) {
  const [follow, setFollow] = useState<'job' | 'stream'>('job');
  const [branch, setBranch] = useState(stream.defaultBranch);
  // One file's expiry bounds a link to this job only: a stream serves other jobs' copies.
  const choices = useMemo(() => expiryChoices(new Date(), follow === 'job' ? latestExpiry : undefined), [latestExpiry, follow]);
  const [seconds, setSeconds] = useState<number | null>(() => defaultExpiry(choices));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ url: string; expiresAt: string; target: ShareTarget } | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();
  const target = shareTargetOf(follow === 'job' ? { kind: 'job', jobNumber: job.jobNumber } : { kind: 'stream', name: stream.name, branch });

  const choose = (next: 'job' | 'stream') => {
    setFollow(next);
    setSeconds((current) => {
      const nextChoices = expiryChoices(new Date(), next === 'job' ? latestExpiry : undefined);
      return nextChoices.some((choice) => choice.allowed && choice.seconds === current) ? current : defaultExpiry(nextChoices);
    });
  };

  const submit = () =>
    startTransition(async () => {
      if (seconds === null || target === null) return;
      setError(null);
      try {
        const outcome = await createShareLink(job, {
          nodeIndex,
          path,
          expiresInSeconds: seconds,
          note: note || undefined,
          stream: 'stream' in target ? target.stream : undefined,
        });
        if (outcome.ok) setCreated({ url: sharePageUrl(window.location.origin, outcome.value.secret), expiresAt: outcome.value.expiresAt, target });
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
    <DialogFrame title={`Share ${what}`} busy={pending} onClose={onClose}>
      {created ? (
        <>
          <p className="mt-2 text-sm text-zinc-700" data-testid="share-created-target">
            {'stream' in created.target
              ? `This link follows the ${describeShareTarget(created.target)}: whoever opens it gets that job's files at the time.`
              : `This link serves ${describeShareTarget(created.target)}.`}{' '}
            Anyone with it can download what it covers until <time dateTime={created.expiresAt}>{formatUtcMinute(created.expiresAt)}</time>.
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
          <fieldset disabled={pending}>
            <legend className={labelStyles}>The link serves</legend>
            <div className="mt-1 flex flex-col gap-1.5 text-sm">
              <label className="inline-flex items-center gap-1.5">
                <input type="radio" name="share-target" checked={follow === 'job'} onChange={() => choose('job')} className="size-4 accent-indigo-600" />
                This job (#{job.jobNumber}), always
              </label>
              <label className="inline-flex items-start gap-1.5">
                <input type="radio" name="share-target" checked={follow === 'stream'} onChange={() => choose('stream')} className="mt-0.5 size-4 shrink-0 accent-indigo-600" />
                <span className="break-words">The newest successful job named “{stream.name}” on a branch, as new ones finish</span>
              </label>
            </div>
          </fieldset>
          {follow === 'stream' && (
            <TextField label="Branch" width="w-full" value={branch} maxLength={255} required onChange={(event) => setBranch(event.target.value)} disabled={pending} />
          )}
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
            <Button type="submit" variant="primary" disabled={pending || seconds === null || target === null}>
              {pending ? 'Creating…' : 'Create link'}
            </Button>
          </div>
        </form>
      )}
    </DialogFrame>
  );
}
