import { CreateProjectTokenRequestSchema, PROJECT_TOKEN_SCOPES, type ApiToken, type ProjectTokenScope } from '@stowage/contracts';
import type { ActionResult } from '../../lib/api-failure';
import type { Confirmation } from '../../lib/confirmation';

/** Every scope a token can have, as the web app names it. */
export const TOKEN_SCOPE_LABELS: Readonly<Record<ApiToken['scope'], string>> = {
  all: 'All',
  upload: 'Upload',
  read: 'Read',
  'upload-read': 'Upload and read',
};

const PROJECT_TOKEN_SCOPE_DESCRIPTIONS: Readonly<Record<ProjectTokenScope, string>> = {
  upload: 'for CI jobs storing artifacts',
  read: 'for downloading artifacts of a private project',
  'upload-read': 'for CI jobs that store artifacts and later download them',
};

/** The scopes the create-project-token form offers, in the contracts' order. */
export const PROJECT_TOKEN_SCOPE_OPTIONS: ReadonlyArray<{ value: ProjectTokenScope; label: string; description: string }> = PROJECT_TOKEN_SCOPES.map((value) => ({
  value,
  label: TOKEN_SCOPE_LABELS[value],
  description: PROJECT_TOKEN_SCOPE_DESCRIPTIONS[value],
}));

/** Whether a token with this scope stores artifacts (its secret goes into CI as STOWAGE_TOKEN). */
export const scopeUploads = (scope: ApiToken['scope']): boolean => scope === 'upload' || scope === 'upload-read';

/** The create-project-token form (`name`, `scope`) as the API's request. */
export function parseProjectTokenForm(form: FormData): ActionResult<{ name: string; scope: ProjectTokenScope }> {
  const parsed = CreateProjectTokenRequestSchema.safeParse({ name: String(form.get('name') ?? '').trim(), scope: form.get('scope') });
  if (parsed.success) return { ok: true, value: parsed.data };
  const nameIssue = parsed.error.issues.some((issue) => issue.path[0] === 'name');
  return { ok: false, message: nameIssue ? 'Give the token a name of 1 to 100 characters.' : 'Choose the Upload, Read, or Upload and read scope.' };
}

/** Active tokens first, newest first within each group. */
export function sortTokens<T extends Pick<ApiToken, 'revokedAt' | 'createdAt'>>(tokens: readonly T[]): T[] {
  return [...tokens].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));
}

export function revokeTokenConfirmation(token: Pick<ApiToken, 'name' | 'prefix' | 'kind' | 'project'>): Confirmation {
  const who = token.kind === 'project' ? `CI jobs and clients using it${token.project ? ` for ${token.project}` : ''}` : 'Scripts and clients using it';
  return {
    title: `Revoke token “${token.name}”?`,
    body: `The token ${token.prefix}… stops working at once: ${who} will be refused. This cannot be undone.`,
    confirmLabel: 'Revoke token',
  };
}
