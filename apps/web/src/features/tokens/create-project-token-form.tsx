'use client';

import { ActionForm } from '../../components/ui/action-form';
import { SelectField, TextField } from '../../components/ui/labelled-field';
import type { ProjectRoute } from '../../lib/app-paths';
import { NewTokenSecret } from './new-token-secret';
import { createProjectToken, type CreateProjectTokenState } from './project-token.actions';
import { PROJECT_TOKEN_SCOPE_OPTIONS, scopeUploads } from './token-rules';

const initialState: CreateProjectTokenState = { status: 'idle' };

/** Creates a project token for CI and shows its secret this once: the API keeps only a hash. */
export function CreateProjectTokenForm({ route, projectSlug }: { route: ProjectRoute; projectSlug: string }) {
  return (
    <ActionForm
      action={(previous: CreateProjectTokenState, form: FormData) => createProjectToken(route, previous, form)}
      initialState={initialState}
      heading="New project token"
      submitLabel="Create token"
      pendingLabel="Creating…"
      resetKey={(state) => (state.status === 'created' ? state.token.id : 'new')}
      fields={({ state }) => (
        <>
          <TextField
            label="Token name"
            width="w-full sm:w-64"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. circleci uploads"
            defaultValue={state.status === 'error' ? state.name : ''}
          />
          <SelectField label="Scope" width="w-full sm:w-72" name="scope" defaultValue={state.status === 'error' ? state.scope : 'upload'}>
            {PROJECT_TOKEN_SCOPE_OPTIONS.map((scope) => (
              <option key={scope.value} value={scope.value}>
                {scope.label}: {scope.description}
              </option>
            ))}
          </SelectField>
        </>
      )}
      outcome={(state) =>
        state.status === 'created' && (
          <NewTokenSecret name={state.token.name} secret={state.token.secret}>
            {scopeUploads(state.token.scope) ? (
              <>
                Store it as the <code className="font-mono">STOWAGE_TOKEN</code> secret of your CI project, then upload with{' '}
                <code className="font-mono break-all">stowage store-artifacts --project {projectSlug} --path …</code>
                {state.token.scope === 'upload-read' && (
                  <span className="mt-1 block">
                    It also reads {projectSlug}&apos;s artifacts, sent as the <code className="font-mono">Circle-Token</code> header.
                  </span>
                )}
              </>
            ) : (
              <>
                Send it as the <code className="font-mono">Circle-Token</code> header to read {projectSlug}&apos;s artifacts, as CircleCI clients do.
              </>
            )}
          </NewTokenSecret>
        )
      }
    />
  );
}
