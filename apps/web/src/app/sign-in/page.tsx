import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '../../lib/app-paths';
import { getViewer } from '../../server/stowage-api';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const returnTo = safeReturnPath(Array.isArray(next) ? next[0] : next);
  const viewer = await getViewer();
  if (viewer.status === 'signed-in') redirect(returnTo);

  return (
    <div className="mx-auto max-w-sm py-6 sm:py-12">
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Stowage</h1>
      <p className="mt-1 text-sm text-zinc-600">Use the email and password your administrator gave you.</p>
      <SignInForm returnTo={returnTo} />
    </div>
  );
}
