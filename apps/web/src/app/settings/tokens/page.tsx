import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '../../../components/shell/page-header';
import { Badge } from '../../../components/ui/badge';
import { formatRelativeTime } from '../../../features/jobs/job-timing';
import { CreateTokenForm } from '../../../features/tokens/create-token-form';
import { RevokeTokenButton } from '../../../features/tokens/revoke-token-button';
import { appPaths } from '../../../lib/app-paths';
import { getApi, getViewer } from '../../../server/stowage-api';

export const metadata: Metadata = { title: 'Personal API tokens' };

export default async function TokensPage() {
  const viewer = await getViewer();
  if (viewer.status === 'anonymous') redirect(appPaths.signIn(appPaths.tokens()));
  if (viewer.status === 'unavailable') return <PageHeader title="Personal API tokens" />;

  const tokens = await (await getApi()).call('listPersonalTokens');
  const now = new Date();
  const sorted = [...tokens].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt));

  return (
    <>
      <PageHeader
        title="Personal API tokens"
        description="A personal token acts as you: use it in scripts, with the CLI, or with CircleCI-compatible clients (Circle-Token header)."
      />
      <CreateTokenForm />
      <div className="mt-4 overflow-x-auto rounded-md border border-zinc-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Your personal API tokens</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs text-zinc-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Name
              </th>
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
                <td colSpan={5} className="px-3 py-6 text-center text-zinc-600">
                  No tokens yet.
                </td>
              </tr>
            )}
            {sorted.map((token) => (
              <tr key={token.id} className={token.revokedAt ? 'text-zinc-400' : undefined}>
                <td className="px-3 py-2 font-medium">{token.name}</td>
                <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{token.prefix}…</td>
                <td className="hidden px-3 py-2 md:table-cell">
                  <time dateTime={token.createdAt}>{formatRelativeTime(token.createdAt, now)}</time>
                </td>
                <td className="hidden px-3 py-2 md:table-cell">{token.lastUsedAt ? formatRelativeTime(token.lastUsedAt, now) : 'Never'}</td>
                <td className="px-3 py-2 text-right">
                  {token.revokedAt ? <Badge>Revoked</Badge> : <RevokeTokenButton tokenId={token.id} name={token.name} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
