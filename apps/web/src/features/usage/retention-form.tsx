'use client';

import { useId, useState, useTransition, type FormEvent } from 'react';
import type { RouteResponse } from '@stowage/api-client';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '@stowage/contracts';
import { formatBytes } from '@stowage/domain';
import { Button } from '../../components/ui/button';
import { Notice } from '../../components/ui/notice';
import { previewRetention, updateRetention } from './retention.actions';

type Phase =
  | { kind: 'editing' }
  | { kind: 'confirm'; preview: RouteResponse<'previewRetention'> }
  | { kind: 'saved'; days: number }
  | { kind: 'error'; message: string };

const inputStyles =
  'block h-9 w-24 rounded-md border-0 bg-white px-3 text-sm tabular-nums shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600 disabled:bg-zinc-100 disabled:text-zinc-600';

export function expiringSummary(preview: RouteResponse<'previewRetention'>): string {
  const artifacts = `${preview.expiringArtifacts.toLocaleString('en-US')} ${preview.expiringArtifacts === 1 ? 'artifact' : 'artifacts'}`;
  return `${artifacts}, ${formatBytes(preview.expiringBytes)} will expire at once`;
}

/**
 * Retention for admins. Lengthening saves at once; shortening first shows what would expire
 * immediately (the API's preview) and asks for confirmation, because that deletion cannot be undone.
 */
export function RetentionForm({ org, currentDays }: { org: string; currentDays: number }) {
  const [value, setValue] = useState(String(currentDays));
  const [savedDays, setSavedDays] = useState(currentDays);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [pending, startTransition] = useTransition();
  const inputId = useId();
  const helpId = useId();

  const days = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS;
  const shortening = valid && days < savedDays;

  const save = () =>
    startTransition(async () => {
      const result = await updateRetention(org, days);
      if (!result.ok) return setPhase({ kind: 'error', message: result.message });
      setSavedDays(result.value.artifactRetentionDays);
      setPhase({ kind: 'saved', days: result.value.artifactRetentionDays });
    });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return setPhase({ kind: 'error', message: `Enter a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.` });
    if (days === savedDays) return;
    if (!shortening) return save();
    startTransition(async () => {
      const result = await previewRetention(org, days);
      setPhase(result.ok ? { kind: 'confirm', preview: result.value } : { kind: 'error', message: result.message });
    });
  };

  return (
    <form onSubmit={onSubmit} aria-label="Artifact retention" noValidate>
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        Keep artifacts for (days)
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <input
          id={inputId}
          name="artifactRetentionDays"
          type="number"
          inputMode="numeric"
          min={MIN_RETENTION_DAYS}
          max={MAX_RETENTION_DAYS}
          step={1}
          required
          value={value}
          aria-describedby={helpId}
          aria-invalid={!valid}
          onChange={(event) => {
            setValue(event.target.value);
            setPhase({ kind: 'editing' });
          }}
          className={inputStyles}
        />
        <Button type="submit" variant="primary" size="md" disabled={pending || !valid || days === savedDays || phase.kind === 'confirm'}>
          {pending ? 'Working…' : shortening ? 'Review change' : 'Save'}
        </Button>
      </div>
      <p id={helpId} className="mt-1 text-xs text-zinc-600">
        From {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days. Artifacts older than this are deleted; changing it applies to artifacts already stored.
      </p>
      <div className="mt-3" aria-live="polite">
        {phase.kind === 'confirm' && (
          <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="retention-preview">
            <p>
              <strong>{expiringSummary(phase.preview)}</strong> if retention drops to {phase.preview.artifactRetentionDays} days.
            </p>
            <div className="mt-3 flex flex-wrap gap-2">
              <Button variant="danger" size="sm" onClick={save} disabled={pending}>
                Shorten to {phase.preview.artifactRetentionDays} days
              </Button>
              <Button
                size="sm"
                onClick={() => {
                  setValue(String(savedDays));
                  setPhase({ kind: 'editing' });
                }}
              >
                Cancel
              </Button>
            </div>
          </div>
        )}
        {phase.kind === 'saved' && <Notice tone="success">Saved: artifacts are now kept {phase.days} days.</Notice>}
        {phase.kind === 'error' && <Notice tone="error">{phase.message}</Notice>}
      </div>
    </form>
  );
}

/** What members see: the setting, without a way to change it. */
export function RetentionReadOnly({ currentDays }: { currentDays: number }) {
  const inputId = useId();
  return (
    <div>
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        Keep artifacts for (days)
      </label>
      <input id={inputId} type="number" value={currentDays} disabled readOnly className={`${inputStyles} mt-1`} />
      <p className="mt-1 text-xs text-zinc-600">Only organization admins can change retention.</p>
    </div>
  );
}
