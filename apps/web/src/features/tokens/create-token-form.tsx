'use client';

import { ActionForm } from '../../components/ui/action-form';
import { TextField } from '../../components/ui/labelled-field';
import { NewTokenSecret } from './new-token-secret';
import { createPersonalToken, type CreateTokenState } from './token.actions';

const initialState: CreateTokenState = { status: 'idle' };

/** Creates a token and shows its secret this once: the API keeps only a hash. */
export function CreateTokenForm() {
  return (
    <ActionForm
      action={createPersonalToken}
      initialState={initialState}
      submitLabel="Create token"
      pendingLabel="Creating…"
      fields={({ state }) => (
        <TextField
          label="New token name"
          width="w-full sm:w-72"
          name="name"
          required
          maxLength={100}
          placeholder="e.g. release script"
          // Only the field starts again after a success: the button keeps the focus it was pressed with.
          key={state.status === 'created' ? state.token.id : 'new'}
          defaultValue={state.status === 'error' ? state.name : ''}
        />
      )}
      outcome={(state) => state.status === 'created' && <NewTokenSecret name={state.token.name} secret={state.token.secret} />}
    />
  );
}
