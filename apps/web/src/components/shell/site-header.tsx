import Link from 'next/link';
import type { Viewer } from '../../server/stowage-api';
import { Breadcrumbs } from './breadcrumbs';
import { OrgSwitcher, type OrgChoice } from './org-switcher';

function StowageMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 text-indigo-400">
      <path fill="currentColor" d="M3 7.5 12 3l9 4.5-9 4.5L3 7.5Zm0 4.5 2.2-1.1L12 14.3l6.8-3.4L21 12l-9 4.5L3 12Zm0 4.5 2.2-1.1 6.8 3.4 6.8-3.4 2.2 1.1L12 21l-9-4.5Z" />
    </svg>
  );
}

/**
 * The bar on every page. What it offers comes from the layout (the viewer's organizations with the
 * settings each may open, the sign-out action): the shell sits below the features and imports none.
 */
export function SiteHeader({ viewer, organizations, signOut }: { viewer: Viewer; organizations: OrgChoice[]; signOut: () => Promise<void> }) {
  return (
    <header>
      <div className="bg-zinc-900 text-zinc-100">
        <div className="mx-auto flex h-12 max-w-7xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md pr-1 font-semibold tracking-tight text-white">
            <StowageMark />
            Stowage
          </Link>
          {viewer.status === 'signed-in' && organizations.length > 0 && <OrgSwitcher organizations={organizations} />}
          <div className="ml-auto flex items-center gap-1 text-sm sm:gap-3">
            {viewer.status === 'signed-in' ? (
              <>
                <Link href="/settings/tokens" className="rounded-md px-2 py-1 whitespace-nowrap text-zinc-300 hover:bg-zinc-800 hover:text-white">
                  Tokens
                </Link>
                <span className="hidden max-w-[14rem] truncate text-zinc-400 md:inline" title={viewer.me.email}>
                  {viewer.me.name || viewer.me.email}
                </span>
                <form action={signOut}>
                  <button type="submit" className="rounded-md px-2 py-1 whitespace-nowrap text-zinc-300 hover:bg-zinc-800 hover:text-white">
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <Link href="/sign-in" className="rounded-md bg-indigo-600 px-3 py-1 font-medium whitespace-nowrap text-white hover:bg-indigo-500">
                Sign in
              </Link>
            )}
          </div>
        </div>
      </div>
      <Breadcrumbs />
    </header>
  );
}
