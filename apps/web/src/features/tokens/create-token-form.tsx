'use client';

import { useActionState, useId, useState } from 'react';
import { Button } from '../../components/ui/button';
import { Notice } from '../../components/ui/notice';
import { createPersonalToken, type CreateTokenState } from './token.actions';

const initialState: CreateTokenState = { status: 'idle' };

/** Creates a token and shows its secret this once: the API keeps only a hash. */
export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createPersonalToken, initialState);
  const nameId = useId();
  return (
    <div className="rounded-md border border-zinc-200 bg-white p-4">
      <form action={action} className="flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-72">
          <label htmlFor={nameId} className="block text-sm font-medium text-zinc-800">
            New token name
          </label>
          <input
            id={nameId}
            name="name"
            required
            maxLength={100}
            placeholder="e.g. release script"
            key={state.status === 'created' ? state.token.id : 'new'}
            defaultValue={state.status === 'error' ? state.name : ''}
            className="mt-1 block h-9 w-full rounded-md border-0 bg-white px-3 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          />
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </Button>
      </form>
      <div aria-live="polite" className="mt-3">
        {state.status === 'error' && <Notice tone="error">{state.message}</Notice>}
        {state.status === 'created' && <NewTokenSecret name={state.token.name} secret={state.token.secret} />}
      </div>
    </div>
  );
}

function NewTokenSecret({ name, secret }: { name: string; secret: string }) {
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
    <div className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950" role="status">
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
        <Button size="md" onClick={copy}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {copied === 'failed' && <p className="mt-1 text-xs">Copying is blocked here; the token is selected, press Ctrl+C.</p>}
      <p className="mt-2 text-xs">
        Send it as the <code className="font-mono">Circle-Token</code> header, as CircleCI clients do.
      </p>
    </div>
  );
}
