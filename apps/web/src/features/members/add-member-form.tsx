'use client';

import { ROLES } from '@stowage/contracts';
import { useId } from 'react';
import { ActionForm } from '../../components/ui/action-form';
import { inputStyles, labelStyles, selectStyles } from '../../components/ui/form-styles';
import { Notice } from '../../components/ui/notice';
import { roleLabel } from '../organizations/roles';
import { addMember, type AddMemberState } from './members.actions';

const initialState: AddMemberState = { status: 'idle' };

/** Adds an existing Stowage account to the organization; the API's refusal is shown under the form. */
export function AddMemberForm({ org }: { org: string }) {
  const emailId = useId();
  const roleId = useId();
  return (
    <ActionForm
      action={(previous: AddMemberState, form: FormData) => addMember(org, previous, form)}
      initialState={initialState}
      heading="Add a member"
      submitLabel="Add member"
      pendingLabel="Adding…"
      resetKey={(state) => (state.status === 'added' ? state.at : 'form')}
      help="The person needs a Stowage account already. Admins manage members, projects, tokens and artifacts."
      fields={({ state, noticeId }) => {
        const failed = state.status === 'error';
        return (
          <>
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
                aria-describedby={failed ? noticeId : undefined}
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
          </>
        );
      }}
      outcome={(state) =>
        state.status === 'added' && (
          <Notice tone="success">
            {state.email} is now {state.role === 'admin' ? 'an admin' : 'a member'}.
          </Notice>
        )
      }
    />
  );
}
