import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '../../../components/shell/page-header';
import { CreateTokenForm } from '../../../features/tokens/create-token-form';
import { TokensTable } from '../../../features/tokens/tokens-table';
import { appPaths } from '../../../lib/app-paths';
import { getApi, getViewer } from '../../../server/stowage-api';

export const metadata: Metadata = { title: 'Personal API tokens' };

export default async function TokensPage() {
  const viewer = await getViewer();
  if (viewer.status === 'anonymous') redirect(appPaths.signIn(appPaths.tokens()));
  if (viewer.status === 'unavailable') return <PageHeader title="Personal API tokens" />;

  const tokens = await (await getApi()).call('listPersonalTokens');

  return (
    <>
      <PageHeader
        title="Personal API tokens"
        description="A personal token acts as you: use it in scripts, with the CLI, or with CircleCI-compatible clients (Circle-Token header)."
      />
      <CreateTokenForm />
      <div className="mt-4">
        <TokensTable tokens={tokens} caption="Your personal API tokens" />
      </div>
    </>
  );
}
