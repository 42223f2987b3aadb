'use client';

import { ROLES } from '@stowage/contracts';
import { useActionState, useId } from 'react';
import { Button } from '../../components/ui/button';
import { inputStyles, labelStyles, selectStyles } from '../../components/ui/form-styles';
import { Notice } from '../../components/ui/notice';
import { roleLabel } from '../organizations/roles';
import { addMember, type AddMemberState } from './members.actions';

const initialState: AddMemberState = { status: 'idle' };

/** Adds an existing Stowage account to the organization; the API's refusal is shown under the form. */
export function AddMemberForm({ org }: { org: string }) {
  const [state, action, pending] = useActionState((previous: AddMemberState, form: FormData) => addMember(org, previous, form), initialState);
  const headingId = useId();
  const emailId = useId();
  const roleId = useId();
  const errorId = useId();
  const failed = state.status === 'error';
  return (
    <section aria-labelledby={headingId} className="rounded-md border border-zinc-200 bg-white p-4">
      <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
        Add a member
      </h2>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-2" key={state.status === 'added' ? state.at : 'form'}>
        <div className="w-full sm:w-80">
          <label htmlFor={emailId} className={labelStyles}>
            Email address
          </label>
          <input
            id={emailId}
            name="email"
            type="email"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="name@example.com"
            defaultValue={failed ? state.email : ''}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? errorId : undefined}
            className={`mt-1 ${inputStyles}`}
          />
        </div>
        <div className="w-full sm:w-36">
          <label htmlFor={roleId} className={labelStyles}>
            Role
          </label>
          <select id={roleId} name="role" defaultValue={failed ? state.role : 'member'} className={`mt-1 ${selectStyles}`}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add member'}
        </Button>
      </form>
      <p className="mt-2 text-xs text-zinc-600">The person needs a Stowage account already. Admins manage members, projects, tokens and artifacts.</p>
      <div aria-live="polite" className="mt-3 empty:hidden" id={errorId}>
        {state.status === 'error' && <Notice tone="error">{state.message}</Notice>}
        {state.status === 'added' && (
          <Notice tone="success">
            {state.email} is now {state.role === 'admin' ? 'an admin' : 'a member'}.
          </Notice>
        )}
      </div>
    </section>
  );
}
