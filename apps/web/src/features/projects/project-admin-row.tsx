'use client';

import Link from 'next/link';
import { useId, useState, useTransition, type FormEvent } from 'react';
import type { Project } from '@stowage/contracts';
import { ActionButton } from '../../components/ui/action-button';
import { Badge } from '../../components/ui/badge';
import { Button, buttonStyles } from '../../components/ui/button';
import { inputStyles } from '../../components/ui/form-styles';
import { TextField } from '../../components/ui/labelled-field';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { VCS_LABELS, deleteProjectConfirmation, parseDefaultBranch, parseProjectName, visibilityActionLabel, visibilityConfirmation } from './project-rules';
import { deleteProject, renameProject, setDefaultBranch, setProjectVisibility } from './projects.actions';

/** One project in the admins' list: rename, change visibility or default branch, tokens, delete. */
export function ProjectAdminRow({ org, project }: { org: string; project: Project }) {
  const route: ProjectRoute = { org, vcs: project.vcsType, project: project.name };
  const [renaming, setRenaming] = useState(false);
  const [branching, setBranching] = useState(false);
  return (
    <li className="px-4 py-3" data-project-name={project.name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1 basis-48">
          <p className="flex min-w-0 items-center gap-2">
            <Link href={appPaths.project(route)} className="truncate font-medium text-indigo-700 hover:underline">
              {project.name}
            </Link>
            <Badge tone={project.isPrivate ? 'neutral' : 'blue'}>{project.isPrivate ? 'Private' : 'Public'}</Badge>
          </p>
          <p className="truncate font-mono text-xs text-zinc-600">
            {project.slug} <span className="font-sans">· {VCS_LABELS.get(project.vcsType) ?? project.vcsType} · default branch</span> {project.defaultBranch}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <Button size="sm" onClick={() => setRenaming((open) => !open)} aria-expanded={renaming} aria-label={`Rename ${project.name}`}>
            Rename
          </Button>
          <Button size="sm" onClick={() => setBranching((open) => !open)} aria-expanded={branching} aria-label={`Default branch of ${project.name}`}>
            Default branch
          </Button>
          <ActionButton
            label={`${visibilityActionLabel(project)}: ${project.name}`}
            confirmation={visibilityConfirmation(project, org)}
            action={() => setProjectVisibility(route, !project.isPrivate)}
            pendingLabel="Saving…"
          >
            {visibilityActionLabel(project)}
          </ActionButton>
          <Link href={appPaths.projectTokens(route)} className={buttonStyles({ size: 'sm' })} aria-label={`Tokens of ${project.name}`}>
            Tokens
          </Link>
          <ActionButton
            variant="danger"
            label={`Delete ${project.name}`}
            confirmation={deleteProjectConfirmation(project, org)}
            action={() => deleteProject(route)}
            pendingLabel="Deleting…"
          >
            Delete
          </ActionButton>
        </div>
      </div>
      {renaming && <RenameForm route={route} currentName={project.name} onDone={() => setRenaming(false)} />}
      {branching && <DefaultBranchForm route={route} projectName={project.name} current={project.defaultBranch} onDone={() => setBranching(false)} />}
    </li>
  );
}

function RenameForm({ route, currentName, onDone }: { route: ProjectRoute; currentName: string; onDone: () => void }) {
  const [name, setName] = useState(currentName);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const inputId = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseProjectName(name);
    if (!parsed.ok) return setError(parsed.message);
    if (parsed.value === currentName) return onDone();
    startTransition(async () => {
      const result = await renameProject(route, parsed.value);
      if (result.ok) onDone();
      else setError(result.message);
    });
  };
  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-2" aria-label={`Rename ${currentName}`} noValidate>
      <div className="w-full sm:w-64">
        <label htmlFor={inputId} className="block text-xs font-medium text-zinc-700">
          New name for {currentName}
        </label>
        <input
          id={inputId}
          value={name}
          autoFocus
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => event.key === 'Escape' && onDone()}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`mt-1 ${inputStyles}`}
        />
      </div>
      <Button type="submit" variant="primary" size="md" disabled={pending}>
        {pending ? 'Saving…' : 'Save name'}
      </Button>
      <Button size="md" onClick={onDone} disabled={pending}>
        Cancel
      </Button>
      <p className="w-full text-xs text-zinc-600">Its address changes; CI settings that name the project need the new name.</p>
      {error && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

function DefaultBranchForm({ route, projectName, current, onDone }: { route: ProjectRoute; projectName: string; current: string; onDone: () => void }) {
  const [branch, setBranch] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDefaultBranch(branch);
    if (!parsed.ok) return setError(parsed.message);
    if (parsed.value === current) return onDone();
    startTransition(async () => {
      const result = await setDefaultBranch(route, parsed.value);
      if (result.ok) onDone();
      else setError(result.message);
    });
  };
  return (
    <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-2" aria-label={`Default branch of ${projectName}`} noValidate>
      <TextField
        label={`Default branch of ${projectName}`}
        width="w-full sm:w-64"
        value={branch}
        autoFocus
        maxLength={255}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setBranch(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => event.key === 'Escape' && onDone()}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <Button type="submit" variant="primary" size="md" disabled={pending}>
        {pending ? 'Saving…' : 'Save branch'}
      </Button>
      <Button size="md" onClick={onDone} disabled={pending}>
        Cancel
      </Button>
      <p className="w-full text-xs text-zinc-600">Where the latest artifacts come from when a request names no branch (CircleCI’s v1.1 latest/artifacts).</p>
      {error && (
        <p id={errorId} role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
