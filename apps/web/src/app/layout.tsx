import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { SiteHeader } from '../components/shell/site-header';
import { Notice } from '../components/ui/notice';
import { orgSettingsLinks } from '../features/organizations/roles';
import { signOut } from '../features/session/session.actions';
import { SHARE_PAGE_HEADER } from '../server/api-forwarding';
import { getViewer } from '../server/stowage-api';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Stowage', template: '%s · Stowage' },
  description: 'Build artifacts from your CI jobs, stored and browsable.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#18181b' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A share link's page (marked by src/proxy.ts) is for anyone: no shell, nothing of the visitor's account.
  if ((await headers()).get(SHARE_PAGE_HEADER) === '1') {
    return (
      <html lang="en">
        <body className="min-h-dvh font-sans">
          <main id="main" className="mx-auto w-full max-w-7xl px-4 py-5 sm:px-6 sm:py-6">
            {children}
          </main>
        </body>
      </html>
    );
  }
  const viewer = await getViewer();
  const organizations =
    viewer.status === 'signed-in' ? viewer.me.organizations.map(({ slug, name, role }) => ({ slug, name, settings: orgSettingsLinks(slug, role) })) : [];
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <SiteHeader viewer={viewer} organizations={organizations} signOut={signOut} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl px-4 py-5 outline-none sm:px-6 sm:py-6">
          {viewer.status === 'unavailable' && (
            <Notice tone="warning" title="The Stowage API is not answering" className="mb-4">
              {viewer.message} Pages may be empty until it is back.
            </Notice>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}
