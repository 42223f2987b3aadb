'use client';

import type { ApiToken } from '@stowage/contracts';
import { ActionButton, type ActionOutcome } from '../../components/ui/action-button';
import type { ProjectRoute } from '../../lib/app-paths';
import { revokeProjectToken } from './project-token.actions';
import { revokeTokenConfirmation } from './token-rules';
import { revokePersonalToken } from './token.actions';

export type RevokableToken = Pick<ApiToken, 'id' | 'name' | 'prefix' | 'kind' | 'project'>;

/** Revokes a personal token, or a project's token when `project` is given, after confirming. */
export function RevokeTokenButton({ token, project }: { token: RevokableToken; project?: ProjectRoute }) {
  const revoke = (): Promise<ActionOutcome> => (project ? revokeProjectToken(project, token.id) : revokePersonalToken(token.id));
  return (
    <ActionButton variant="danger" label={`Revoke token ${token.name}`} confirmation={revokeTokenConfirmation(token)} action={revoke} pendingLabel="Revoking…">
      Revoke
    </ActionButton>
  );
}
