'use client';

import type { ShareLink } from '@stowage/contracts';
import { ActionButton } from '../../components/ui/action-button';
import type { ProjectRoute } from '../../lib/app-paths';
import { revokeShareLink } from './share-link.actions';
import { describeShareTarget, revokeShareLinkConfirmation } from './share-link-rules';

/** Revokes one share link after confirming; the API's refusal (not its creator, not an admin) shows beside it. */
export function RevokeShareLinkButton({ link, project }: { link: Pick<ShareLink, 'id' | 'target' | 'nodeIndex' | 'path'>; project: ProjectRoute }) {
  return (
    <ActionButton
      variant="danger"
      label={`Revoke the link to ${link.path || 'everything'} of ${describeShareTarget(link.target)}`}
      confirmation={revokeShareLinkConfirmation(link)}
      action={() => revokeShareLink(project, link.id)}
      pendingLabel="Revoking…"
      testId="revoke-share-link"
    >
      Revoke
    </ActionButton>
  );
}
