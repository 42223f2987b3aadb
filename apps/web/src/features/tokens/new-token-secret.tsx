'use client';

import { useId, useState, type ReactNode } from 'react';
import { Button } from '../../components/ui/button';

/** A new token's secret, shown this once (the API keeps only its hash), with a copy button. */
export function NewTokenSecret({ name, secret, children }: { name: string; secret: string; children?: ReactNode }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const secretId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('copied');
    } catch {
      // Clipboard access needs a secure context; selecting the text lets the reader copy by hand.
      (document.getElementById(secretId) as HTMLInputElement | null)?.select();
      setCopied('failed');
    }
  };
  return (
    <div className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950" role="status" data-testid="new-token">
      <p className="font-semibold">Token “{name}” created. Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <label htmlFor={secretId} className="sr-only">
          New token secret
        </label>
        <input
          id={secretId}
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border-0 bg-white px-3 font-mono text-xs ring-1 ring-emerald-300 ring-inset"
          data-testid="new-token-secret"
        />
        <Button size="md" onClick={copy} aria-label={`Copy token “${name}”`}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 text-xs">
        {copied === 'copied' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Copying is blocked here; the token is selected, press Ctrl+C.'}
      </p>
      <div className="mt-1 text-xs">
        {children ?? (
          <>
            Send it as the <code className="font-mono">Circle-Token</code> header, as CircleCI clients do.
          </>
        )}
      </div>
    </div>
  );
}
