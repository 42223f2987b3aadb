'use client';

import { ROLES } from '@stowage/contracts';
import { ActionForm } from '../../components/ui/action-form';
import { SelectField, TextField } from '../../components/ui/labelled-field';
import { Notice } from '../../components/ui/notice';
import { roleLabel } from '../organizations/roles';
import { addMember, type AddMemberState } from './members.actions';

const initialState: AddMemberState = { status: 'idle' };

/** Adds an existing Stowage account to the organization; the API's refusal is shown under the form. */
export function AddMemberForm({ org }: { org: string }) {
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
            <TextField
              label="Email address"
              width="w-full sm:w-80"
              name="email"
              type="email"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="name@example.com"
              defaultValue={failed ? state.email : ''}
              aria-invalid={failed || undefined}
              aria-describedby={failed ? noticeId : undefined}
            />
            <SelectField label="Role" width="w-full sm:w-36" name="role" defaultValue={failed ? state.role : 'member'}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </SelectField>
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
