import type { ApiToken } from '@stowage/contracts';
import { Badge } from '../../components/ui/badge';
import type { ProjectRoute } from '../../lib/app-paths';
import { formatRelativeTime } from '../jobs/job-timing';
import { RevokeTokenButton } from './revoke-token-button';
import { scopeUploads, sortTokens, TOKEN_SCOPE_LABELS } from './token-rules';

/** Tokens, active first: name, scope, prefix, when created and last used, and Revoke. */
export function TokensTable({ tokens, caption, project, showScope = false }: { tokens: ApiToken[]; caption: string; project?: ProjectRoute; showScope?: boolean }) {
  const now = new Date();
  const sorted = sortTokens(tokens);
  const columns = showScope ? 6 : 5;
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            {showScope && (
              <th scope="col" className="px-3 py-2 font-medium">
                Scope
              </th>
            )}
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Token
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Created
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Last used
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              <span className="sr-only">Status and actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {sorted.length === 0 && (
            <tr>
              <td colSpan={columns} className="px-3 py-6 text-center text-zinc-600">
                No tokens yet.
              </td>
            </tr>
          )}
          {sorted.map((token) => (
            <tr key={token.id} className={token.revokedAt ? 'text-zinc-400' : undefined} data-token-name={token.name}>
              <td className="max-w-[12rem] truncate px-3 py-2 font-medium" title={token.name}>
                {token.name}
              </td>
              {showScope && (
                <td className="px-3 py-2">
                  <Badge tone={scopeUploads(token.scope) ? 'amber' : 'neutral'}>{TOKEN_SCOPE_LABELS[token.scope]}</Badge>
                </td>
              )}
              <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{token.prefix}…</td>
              <td className="hidden px-3 py-2 md:table-cell">
                <time dateTime={token.createdAt}>{formatRelativeTime(token.createdAt, now)}</time>
              </td>
              <td className="hidden px-3 py-2 md:table-cell">{token.lastUsedAt ? formatRelativeTime(token.lastUsedAt, now) : 'Never'}</td>
              <td className="px-3 py-2 text-right">{token.revokedAt ? <Badge>Revoked</Badge> : <RevokeTokenButton token={token} project={project} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
