import { CreateProjectTokenRequestSchema, type ApiToken } from '@stowage/contracts';
import type { ActionResult } from '../../lib/api-failure';
import type { Confirmation } from '../../lib/confirmation';

export type ProjectTokenScope = 'upload' | 'read';

export const PROJECT_TOKEN_SCOPES: ReadonlyArray<{ value: ProjectTokenScope; label: string; description: string }> = [
  { value: 'upload', label: 'Upload', description: 'for CI jobs storing artifacts' },
  { value: 'read', label: 'Read', description: 'for downloading artifacts of a private project' },
];

/** The create-project-token form (`name`, `scope`) as the API's request. */
export function parseProjectTokenForm(form: FormData): ActionResult<{ name: string; scope: ProjectTokenScope }> {
  const parsed = CreateProjectTokenRequestSchema.safeParse({ name: String(form.get('name') ?? '').trim(), scope: form.get('scope') });
  if (parsed.success) return { ok: true, value: parsed.data };
  const nameIssue = parsed.error.issues.some((issue) => issue.path[0] === 'name');
  return { ok: false, message: nameIssue ? 'Give the token a name of 1 to 100 characters.' : 'Choose the Upload or Read scope.' };
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
