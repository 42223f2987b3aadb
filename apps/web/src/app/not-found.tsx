import Link from 'next/link';
import { buttonStyles } from '../components/ui/button';
import { appPaths } from '../lib/app-paths';
import { getViewer } from '../server/stowage-api';

export default async function NotFound() {
  const viewer = await getViewer();
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Nothing here</h1>
      <p className="mt-3 text-zinc-600">
        This page does not exist, or it belongs to a private project
        {viewer.status === 'signed-in' ? ' you are not a member of.' : '. Signing in may show it.'}
      </p>
      <div className="mt-6 flex justify-center gap-2">
        <Link href={appPaths.home()} className={buttonStyles()}>
          Home
        </Link>
        {viewer.status !== 'signed-in' && (
          <Link href={appPaths.signIn()} className={buttonStyles({ variant: 'primary' })}>
            Sign in
          </Link>
        )}
      </div>
    </div>
  );
}
