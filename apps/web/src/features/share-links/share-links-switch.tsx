'use client';

import { ActionButton } from '../../components/ui/action-button';
import { setShareLinksEnabled } from './share-link.actions';

/**
 * An admin's switch for the organization's share links. Turning them off is confirmed first:
 * every link stops working at once (they work again when turned back on, unless expired or revoked).
 */
export function ShareLinksSwitch({ org, enabled }: { org: string; enabled: boolean }) {
  return enabled ? (
    <ActionButton
      variant="danger"
      size="md"
      align="start"
      testId="share-links-turn-off"
      pendingLabel="Turning off…"
      confirmation={{
        title: 'Turn share links off?',
        body: 'Every share link of this organization answers “not found” at once, and no one can make a new one. Turning them on again restores the links that have not expired or been revoked.',
        confirmLabel: 'Turn links off',
      }}
      action={() => setShareLinksEnabled(org, false)}
    >
      Turn share links off
    </ActionButton>
  ) : (
    <ActionButton
      variant="primary"
      size="md"
      align="start"
      testId="share-links-turn-on"
      pendingLabel="Turning on…"
      action={() => setShareLinksEnabled(org, true)}
    >
      Turn share links on
    </ActionButton>
  );
}
