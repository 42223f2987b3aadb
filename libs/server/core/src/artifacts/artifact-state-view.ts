/** How Stowage's own API names an artifact's state (a DELETING one is never listed; it reads as pending if it ever is). */
export const ARTIFACT_STATE_VIEWS = { AVAILABLE: 'available', FAILED: 'failed', PENDING: 'pending', DELETING: 'pending' } as const;
