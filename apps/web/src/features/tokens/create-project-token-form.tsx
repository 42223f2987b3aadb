'use client';

import { useActionState, useId } from 'react';
import { Button } from '../../components/ui/button';
import { inputStyles, labelStyles, selectStyles } from '../../components/ui/form-styles';
import { Notice } from '../../components/ui/notice';
import type { ProjectRoute } from '../../lib/app-paths';
import { NewTokenSecret } from './new-token-secret';
import { createProjectToken, type CreateProjectTokenState } from './project-token.actions';
import { PROJECT_TOKEN_SCOPES } from './token-rules';

const initialState: CreateProjectTokenState = { status: 'idle' };

/** Creates a project token for CI and shows its secret this once: the API keeps only a hash. */
export function CreateProjectTokenForm({ route, projectSlug }: { route: ProjectRoute; projectSlug: string }) {
  const [state, action, pending] = useActionState((previous: CreateProjectTokenState, form: FormData) => createProjectToken(route, previous, form), initialState);
  const nameId = useId();
  const scopeId = useId();
  const formKey = state.status === 'created' ? state.token.id : 'new';
  return (
    <section aria-labelledby={`${nameId}-heading`} className="rounded-md border border-zinc-200 bg-white p-4">
      <h2 id={`${nameId}-heading`} className="text-sm font-semibold text-zinc-900">
        New project token
      </h2>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-2" key={formKey}>
        <div className="w-full sm:w-64">
          <label htmlFor={nameId} className={labelStyles}>
            Token name
          </label>
          <input
            id={nameId}
            name="name"
            required
            maxLength={100}
            placeholder="e.g. circleci uploads"
            defaultValue={state.status === 'error' ? state.name : ''}
            className={`mt-1 ${inputStyles}`}
          />
        </div>
        <div className="w-full sm:w-72">
          <label htmlFor={scopeId} className={labelStyles}>
            Scope
          </label>
          <select id={scopeId} name="scope" defaultValue={state.status === 'error' ? state.scope : 'upload'} className={`mt-1 ${selectStyles}`}>
            {PROJECT_TOKEN_SCOPES.map((scope) => (
              <option key={scope.value} value={scope.value}>
                {scope.label}: {scope.description}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create token'}
        </Button>
      </form>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {state.status === 'error' && <Notice tone="error">{state.message}</Notice>}
        {state.status === 'created' && (
          <NewTokenSecret name={state.token.name} secret={state.token.secret}>
            {state.token.scope === 'upload' ? (
              <>
                Store it as the <code className="font-mono">STOWAGE_TOKEN</code> secret of your CI project, then upload with{' '}
                <code className="font-mono break-all">stowage store-artifacts --project {projectSlug} --path …</code>
              </>
            ) : (
              <>
                Send it as the <code className="font-mono">Circle-Token</code> header to read {projectSlug}&apos;s artifacts, as CircleCI clients do.
              </>
            )}
          </NewTokenSecret>
        )}
      </div>
    </section>
  );
}
