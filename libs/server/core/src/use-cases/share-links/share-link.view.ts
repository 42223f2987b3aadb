import type { ShareLink } from '@stowage/contracts';
import type { ShareLinkRecord } from '@stowage/server-db';

/** A share link as its project's settings list it: what it covers, who made it, its state and use. */
export function shareLinkView(link: ShareLinkRecord, now: Date): ShareLink {
  return {
    id: link.id,
    createdBy: link.creator,
    target: link.stream ? { stream: link.stream } : { jobNumber: link.job?.number ?? 0 },
    nodeIndex: link.nodeIndex,
    path: link.pathPrefix,
    note: link.note,
    state: link.revokedAt ? 'revoked' : link.expiresAt <= now ? 'expired' : 'active',
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    useCount: link.useCount,
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    createdAt: link.createdAt.toISOString(),
  };
}
