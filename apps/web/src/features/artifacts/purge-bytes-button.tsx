'use client';

import { unstable_rethrow } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { PurgePreview } from '@stowage/contracts';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { purgeConfirmation } from './artifact-deletion';
import type { JobRef } from './artifact-links';
import { previewPurge, purgeArtifactBytes } from './artifact.actions';

const UNREACHABLE = 'The change could not be sent. Check your connection and try again.';

/**
 * "Purge bytes" (admins): asks the API which artifacts hold the same bytes, lists them all in the
 * confirmation, and purges with what was shown (SHA-256 and count), so an artifact that came to
 * hold those bytes since is never purged unseen: the API refuses and the dialog asks to look again.
 */
export function PurgeBytesButton({ job, artifactId, label }: { job: JobRef; artifactId: string; label: string }) {
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (work: () => Promise<void>) =>
    startTransition(async () => {
      try {
        await work();
      } catch (thrown) {
        unstable_rethrow(thrown);
        setPreview(null);
        setError(UNREACHABLE);
      }
    });

  const open = () =>
    run(async () => {
      setError(null);
      const outcome = await previewPurge(job, artifactId);
      if (outcome.ok) setPreview(outcome.value);
      else setError(outcome.message);
    });

  const confirm = () =>
    run(async () => {
      if (!preview) return;
      const outcome = await purgeArtifactBytes(job, artifactId, { sha256: preview.sha256, artifactCount: preview.artifactCount });
      setPreview(null);
      setError(outcome.ok ? null : outcome.message);
    });

  const confirmation = preview && purgeConfirmation(preview);
  return (
    <span className="inline-flex max-w-full flex-col items-start gap-1 text-left">
      <Button variant="danger" size="sm" aria-label={label} disabled={pending} data-testid="purge-bytes" onClick={open}>
        {pending && !preview ? 'Checking…' : 'Purge bytes'}
      </Button>
      {error && (
        <span role="alert" className="max-w-xs text-xs text-red-700">
          {error}
        </span>
      )}
      {confirmation && (
        <ConfirmDialog
          open
          title={confirmation.title}
          body={
            <>
              <p>{confirmation.intro}</p>
              <ul className="mt-2 max-h-48 list-disc overflow-y-auto pl-5 font-mono text-xs" data-testid="purge-artifacts">
                {confirmation.items.map((item, i) => (
                  <li key={preview.artifacts[i].id}>{item}</li>
                ))}
              </ul>
              {confirmation.unlisted > 0 && <p className="mt-1 text-xs">…and {confirmation.unlisted.toLocaleString('en-US')} more.</p>}
              <p className="mt-2">{confirmation.warning}</p>
            </>
          }
          confirmLabel={confirmation.confirmLabel}
          pending={pending}
          pendingLabel="Purging…"
          onConfirm={confirm}
          onCancel={() => setPreview(null)}
        />
      )}
    </span>
  );
}
