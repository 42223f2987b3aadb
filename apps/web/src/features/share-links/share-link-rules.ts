import type { ShareLink, ShareTarget } from '@stowage/contracts';
import type { Confirmation } from '../../lib/confirmation';
import type { BadgeTone } from '../../components/ui/badge';

/** Which job a link serves: a fixed one, or whatever is newest of a stream when it is opened. */
export function describeShareTarget(target: ShareTarget): string {
  return 'jobNumber' in target ? `job #${target.jobNumber}` : `newest successful “${target.stream.name}” on ${target.stream.branch}`;
}

/** What of that job a link covers: one container or all, everything or one path (a folder's whole segments, or one file). */
export function describeShareScope(link: Pick<ShareLink, 'nodeIndex' | 'path'>): string {
  const where = link.nodeIndex === null ? 'all containers' : `container ${link.nodeIndex}`;
  return link.path === '' ? `everything, ${where}` : `${link.path}, ${where}`;
}

/** The status a link shows. The API judges it when listing; a link still "active" past its expiry (a page left open) shows expired. */
export function shareLinkStatus(link: Pick<ShareLink, 'state' | 'expiresAt'>, now: Date): ShareLink['state'] {
  if (link.state === 'active' && Date.parse(link.expiresAt) <= now.getTime()) return 'expired';
  return link.state;
}

export const SHARE_LINK_STATUS: Readonly<Record<ShareLink['state'], { label: string; tone: BadgeTone }>> = {
  active: { label: 'Active', tone: 'green' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'red' },
};

/** Its creator or an organization admin may revoke a link that still works; the API enforces it, the page only follows. */
export function mayRevokeShareLink(link: Pick<ShareLink, 'state' | 'createdBy'>, viewer: { userId: string | null; admin: boolean }): boolean {
  return link.state === 'active' && (viewer.admin || (viewer.userId !== null && link.createdBy.id === viewer.userId));
}

/** Working links first, then newest first: what someone looking for a link to revoke wants on top. */
export function sortShareLinks<T extends Pick<ShareLink, 'state' | 'createdAt'>>(links: readonly T[]): T[] {
  return [...links].sort((a, b) => Number(b.state === 'active') - Number(a.state === 'active') || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

export function revokeShareLinkConfirmation(link: Pick<ShareLink, 'target' | 'nodeIndex' | 'path'>): Confirmation {
  return {
    title: 'Revoke this share link?',
    body: `The link to ${describeShareScope(link)} of ${describeShareTarget(link.target)} stops working at once: whoever holds it gets “not found”. This cannot be undone.`,
    confirmLabel: 'Revoke link',
  };
}

/**
 * What the Share dialog asks for: this job, or the stream of its name on a branch. A stream needs a
 * branch name; the API judges the rest (a successful job must exist there).
 */
export function shareTargetOf(choice: { kind: 'job'; jobNumber: number } | { kind: 'stream'; name: string; branch: string }): ShareTarget | null {
  if (choice.kind === 'job') return { jobNumber: choice.jobNumber };
  const branch = choice.branch.trim();
  return branch && choice.name ? { stream: { name: choice.name, branch } } : null;
}

/** "2026-01-08 00:00 UTC": an exact time for expiries, which lie ahead (relative times read badly there). */
export function formatUtcMinute(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
