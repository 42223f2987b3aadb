'use client';

import { useActionState, useId, type Key, type ReactNode } from 'react';
import { Button } from './button';
import { Notice } from './notice';

/** What a form's Server Action answers: an `error` state carries the message shown under the form. */
export interface ActionFormState {
  status: string;
  message?: string;
}

/** Handed to the fields so they can refill what was typed and point at the help or the notice. */
export interface ActionFormFieldsContext<S> {
  state: S;
  pending: boolean;
  /** The id of the help text under the form (set when `help` is). */
  helpId: string;
  /** The id of the live region holding the error notice, for an invalid field's `aria-describedby`. */
  noticeId: string;
}

export interface ActionFormProps<S extends ActionFormState> {
  /** The Server Action, with `useActionState`'s signature: it gets the previous state and the form data. */
  action: (previous: S, form: FormData) => Promise<S>;
  initialState: S;
  /** With a heading the form is a labelled region (`<section>` named by an `<h2>`); without, a plain card. */
  heading?: string;
  fields: (context: ActionFormFieldsContext<S>) => ReactNode;
  submitLabel: string;
  pendingLabel: string;
  /** Remounts the fields when it changes (after a success), so they start empty again. */
  resetKey?: (state: S) => Key;
  help?: ReactNode;
  /** What a success shows in the live region, under the error notice's place. */
  outcome?: (state: S) => ReactNode;
}

/**
 * The one shape of the web app's create/add forms: a Server Action run through `useActionState`, the
 * submit button disabled and relabelled while it runs, and a polite live region under the form with
 * the action's error (or the success the caller renders), so a refusal is read out where it happened.
 */
export function ActionForm<S extends ActionFormState>({ action, initialState, heading, fields, submitLabel, pendingLabel, resetKey, help, outcome }: ActionFormProps<S>) {
  // The states are plain objects, never promises: Awaited<S> is S (React types the state as awaited).
  const [state, formAction, pending] = useActionState<S, FormData>(action as (previous: Awaited<S>, form: FormData) => Promise<S>, initialState as Awaited<S>);
  const headingId = useId();
  const helpId = useId();
  const noticeId = useId();
  const body = (
    <>
      <form action={formAction} className={heading ? 'mt-2 flex flex-wrap items-end gap-3' : 'flex flex-wrap items-end gap-3'} key={resetKey?.(state)}>
        {fields({ state, pending, helpId, noticeId })}
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </form>
      {help && (
        <p id={helpId} className="mt-2 text-xs text-zinc-600">
          {help}
        </p>
      )}
      <div aria-live="polite" className="mt-3 empty:hidden" id={noticeId}>
        {state.status === 'error' && <Notice tone="error">{state.message}</Notice>}
        {outcome?.(state)}
      </div>
    </>
  );
  if (!heading) return <div className="rounded-md border border-zinc-200 bg-white p-4">{body}</div>;
  return (
    <section aria-labelledby={headingId} className="rounded-md border border-zinc-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
        {heading}
      </h2>
      {body}
    </section>
  );
}
