'use client';

import Link from 'next/link';
import { ActionForm } from '../../components/ui/action-form';
import { labelStyles } from '../../components/ui/form-styles';
import { SelectField, TextField } from '../../components/ui/labelled-field';
import { Notice } from '../../components/ui/notice';
import { appPaths } from '../../lib/app-paths';
import { VCS_CHOICES } from './project-rules';
import { createProject, type CreateProjectState } from './projects.actions';

const initialState: CreateProjectState = { status: 'idle' };
const emptyFields = { vcsType: 'github', name: '', visibility: 'private' };

export function CreateProjectForm({ org }: { org: string }) {
  return (
    <ActionForm
      action={(previous: CreateProjectState, form: FormData) => createProject(org, previous, form)}
      initialState={initialState}
      heading="Create a project"
      submitLabel="Create project"
      pendingLabel="Creating…"
      resetKey={(state) => (state.status === 'created' ? state.at : 'form')}
      help={
        <>The repository&apos;s name: letters, digits, “.”, “_” and “-”. Private projects are for members; public ones can be read by anyone.</>
      }
      fields={({ state, helpId }) => {
        const fields = state.status === 'error' ? state.fields : emptyFields;
        return (
          <>
            <SelectField label="VCS" width="w-full sm:w-40" name="vcsType" defaultValue={fields.vcsType}>
              {VCS_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Project name"
              width="w-full sm:w-64"
              name="name"
              required
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. web-app"
              defaultValue={fields.name}
              aria-describedby={helpId}
            />
            <fieldset className="w-full sm:w-auto">
              <legend className={labelStyles}>Visibility</legend>
              <div className="mt-1 flex h-9 items-center gap-4 text-sm">
                <label className="inline-flex items-center gap-1.5">
                  <input type="radio" name="visibility" value="private" defaultChecked={fields.visibility !== 'public'} className="size-4 accent-indigo-600" />
                  Private
                </label>
                <label className="inline-flex items-center gap-1.5">
                  <input type="radio" name="visibility" value="public" defaultChecked={fields.visibility === 'public'} className="size-4 accent-indigo-600" />
                  Public
                </label>
              </div>
            </fieldset>
          </>
        );
      }}
      outcome={(state) =>
        state.status === 'created' && (
          <Notice tone="success">
            Project{' '}
            <Link href={appPaths.project({ org, vcs: state.project.vcsType, project: state.project.name })} className="font-medium underline">
              {state.project.name}
            </Link>{' '}
            ({state.project.slug}) created.{' '}
            <Link href={appPaths.projectTokens({ org, vcs: state.project.vcsType, project: state.project.name })} className="underline">
              Create a token for its CI
            </Link>
            .
          </Notice>
        )
      }
    />
  );
}
