import type { ShareLink } from '@stowage/contracts';
import { Badge } from '../../components/ui/badge';
import type { ProjectRoute } from '../../lib/app-paths';
import { formatRelativeTime } from '../jobs/job-timing';
import { RevokeShareLinkButton } from './revoke-share-link-button';
import { describeShareScope, describeShareTarget, formatUtcMinute, mayRevokeShareLink, SHARE_LINK_STATUS, shareLinkStatus, sortShareLinks } from './share-link-rules';

/**
 * A project's share links, working ones first: who made it, what it covers, its note, when it was
 * made and expires, how often it was opened, its status, and Revoke for its creator or an admin.
 * Secrets are never here: they are shown once, when a link is made.
 */
export function ShareLinksTable({ links, project, viewer }: { links: ShareLink[]; project: ProjectRoute; viewer: { userId: string | null; admin: boolean } }) {
  const now = new Date();
  const header = 'px-3 py-2 font-medium';
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Share links of {project.project}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-600">
          <tr>
            <th scope="col" className={header}>
              Covers
            </th>
            <th scope="col" className={header}>
              Made by
            </th>
            <th scope="col" className={`hidden md:table-cell ${header}`}>
              Created
            </th>
            <th scope="col" className={header}>
              Expires
            </th>
            <th scope="col" className={header}>
              Used
            </th>
            <th scope="col" className={`text-right ${header}`}>
              <span className="sr-only">Status and actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {links.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-zinc-600">
                No share links yet. Make one with <strong>Share</strong> on a job&apos;s Artifacts tab.
              </td>
            </tr>
          )}
          {sortShareLinks(links).map((link) => {
            const status = shareLinkStatus(link, now);
            return (
              <tr key={link.id} className={status === 'active' ? undefined : 'text-zinc-500'} data-link-id={link.id} data-link-status={status}>
                <td className="max-w-[24rem] px-3 py-2 align-top">
                  <p className="font-medium break-words" data-testid="share-link-target">
                    {'stream' in link.target && (
                      <Badge tone="blue" className="mr-1.5">
                        Follows newest
                      </Badge>
                    )}
                    {describeShareTarget(link.target)}
                  </p>
                  <p className="font-mono text-xs break-all" data-testid="share-link-scope">
                    {describeShareScope(link)}
                  </p>
                  {link.note && <p className="mt-0.5 text-xs break-words text-zinc-600">“{link.note}”</p>}
                </td>
                <td className="px-3 py-2 align-top" title={link.createdBy.email}>
                  {link.createdBy.name || link.createdBy.email}
                </td>
                <td className="hidden px-3 py-2 align-top md:table-cell">
                  <time dateTime={link.createdAt}>{formatRelativeTime(link.createdAt, now)}</time>
                </td>
                <td className="px-3 py-2 align-top whitespace-nowrap">
                  <time dateTime={link.expiresAt}>{formatUtcMinute(link.expiresAt)}</time>
                </td>
                <td className="px-3 py-2 align-top whitespace-nowrap" data-testid="share-link-uses">
                  {link.useCount.toLocaleString('en-US')} {link.useCount === 1 ? 'time' : 'times'}
                  {link.lastUsedAt && <span className="block text-xs text-zinc-600">last {formatRelativeTime(link.lastUsedAt, now)}</span>}
                </td>
                <td className="px-3 py-2 text-right align-top">
                  <span className="inline-flex flex-col items-end gap-1">
                    <Badge tone={SHARE_LINK_STATUS[status].tone}>{SHARE_LINK_STATUS[status].label}</Badge>
                    {status === 'active' && mayRevokeShareLink(link, viewer) && <RevokeShareLinkButton link={link} project={project} />}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
