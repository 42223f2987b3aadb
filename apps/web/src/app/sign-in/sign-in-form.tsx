'use client';

import { useActionState } from 'react';
import { Button } from '../../components/ui/button';
import { Notice } from '../../components/ui/notice';
import { signIn, type SignInState } from '../../features/session/session.actions';

const initialState: SignInState = { error: null, email: '' };
const inputStyles =
  'mt-1 block h-9 w-full rounded-md border-0 bg-white px-3 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600';

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState(signIn, initialState);
  return (
    <form action={action} className="mt-6 space-y-4 rounded-lg border border-zinc-200 bg-white p-5 shadow-xs" aria-describedby={state.error ? 'sign-in-error' : undefined}>
      <input type="hidden" name="next" value={returnTo} />
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-zinc-800">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} className={inputStyles} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-zinc-800">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputStyles} />
      </div>
      {state.error && (
        <div id="sign-in-error">
          <Notice tone="error">{state.error}</Notice>
        </div>
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
