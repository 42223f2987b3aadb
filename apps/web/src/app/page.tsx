import Link from 'next/link';
import { PageHeader } from '../components/shell/page-header';
import { Badge } from '../components/ui/badge';
import { buttonStyles } from '../components/ui/button';
import { EmptyState } from '../components/ui/empty-state';
import { appPaths } from '../lib/app-paths';
import { getViewer } from '../server/stowage-api';

export default async function HomePage() {
  const viewer = await getViewer();

  if (viewer.status !== 'signed-in') {
    return (
      <div className="mx-auto max-w-xl py-10 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Build artifacts, kept and browsable</h1>
        <p className="mt-3 text-zinc-600">
          Stowage stores what your CI jobs upload with <code className="font-mono text-sm">store_artifacts</code> and serves it through
          CircleCI&apos;s artifacts API. Sign in to see your organizations; public projects are open to everyone at their address.
        </p>
        <div className="mt-6 flex justify-center">
          <Link href={appPaths.signIn()} className={buttonStyles({ variant: 'primary' })}>
            Sign in
          </Link>
        </div>
      </div>
    );
  }

  const { me } = viewer;
  return (
    <>
      <PageHeader title="Organizations" description={`Signed in as ${me.email}`} />
      {me.organizations.length === 0 ? (
        <EmptyState title="You are not in any organization yet">
          Ask an organization admin to add <strong>{me.email}</strong> as a member.
        </EmptyState>
      ) : (
        <ul aria-label="Your organizations" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {me.organizations.map((org) => (
            <li key={org.id}>
              <Link
                href={appPaths.org(org.slug)}
                className="block rounded-lg border border-zinc-200 bg-white p-4 shadow-xs hover:border-indigo-300 hover:shadow-sm"
              >
                <div className="flex items-start justify-between gap-2">
                  <span className="min-w-0">
                    <span className="block truncate font-medium text-zinc-900">{org.name}</span>
                    <span className="block font-mono text-xs text-zinc-500">{org.slug}</span>
                  </span>
                  {org.role && <Badge tone={org.role === 'admin' ? 'violet' : 'neutral'}>{org.role}</Badge>}
                </div>
                <p className="mt-3 text-xs text-zinc-600">Artifacts kept {org.artifactRetentionDays} days</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
