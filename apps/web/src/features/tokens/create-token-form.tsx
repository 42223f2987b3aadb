'use client';

import { useActionState, useId } from 'react';
import { Button } from '../../components/ui/button';
import { Notice } from '../../components/ui/notice';
import { NewTokenSecret } from './new-token-secret';
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
