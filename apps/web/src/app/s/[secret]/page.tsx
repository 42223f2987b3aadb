import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { buildPath } from '@stowage/api-client';
import { routes, SharedListingSchema, type SharedListing } from '@stowage/contracts';
import { formatByteCount, formatBytes } from '@stowage/domain';
import { buttonStyles } from '../../../components/ui/button';
import { looksLikeShareSecret, sharedArchiveHref, sharedFileHref, sharePagePath } from '../../../features/share-links/share-link-options';
import { apiBaseUrl } from '../../../server/stowage-api';

/** The link's listing from the API, without the visitor's cookies; null when the link answers nothing (404, or a malformed page token). */
async function loadListing(secret: string, pageToken: string | undefined): Promise<SharedListing | null> {
  const url = new URL(buildPath(routes.sharedListing.path, { secret }), `${apiBaseUrl()}/`);
  if (pageToken) url.searchParams.set('page-token', pageToken);
  const response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  if (response.status === 404 || response.status === 400) return null;
  if (!response.ok) throw new Error(`The Stowage API answered ${response.status} for a share link.`);
  return SharedListingSchema.parse(await response.json());
}

export const metadata: Metadata = { title: 'Shared artifacts', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/**
 * The public page of a share link (docs/share-links.md): a read-only list of the files it covers,
 * fetched from the API without the visitor's session (the link is the credential), with downloads
 * through this origin's `/s/` forwarding. Unknown, expired and revoked links alike: a plain 404.
 */
export default async function SharedArtifactsPage({ params, searchParams }: { params: Promise<{ secret: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { secret } = await params;
  const pageToken = (await searchParams)['page-token'];
  if (!looksLikeShareSecret(secret)) notFound();
  const listing = await loadListing(secret, typeof pageToken === 'string' ? pageToken : undefined);
  if (!listing) notFound();
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-xl font-semibold tracking-tight">
        Artifacts of job #{listing.job.number} <span className="font-normal text-zinc-600">{listing.job.name}</span>
      </h1>
      <p className="mt-1 text-sm text-zinc-600">
        {listing.job.branch && <>Branch {listing.job.branch} · </>}
        {listing.path ? <>Shared: <span className="font-mono text-xs">{listing.path}</span> · </> : null}
        This link expires <time dateTime={listing.expiresAt}>{listing.expiresAt.replace('T', ' ').slice(0, 16)} UTC</time>.
      </p>
      {listing.note && (
        <p className="mt-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm whitespace-pre-wrap text-zinc-800" data-testid="share-note">
          {listing.note}
        </p>
      )}
      <div className="mt-4">
        <a href={sharedArchiveHref(secret)} className={buttonStyles({ variant: 'primary', size: 'sm' })} data-testid="shared-archive" rel="noreferrer">
          Download all as zip
        </a>
      </div>
      {listing.items.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-600">No files are available under this link.</p>
      ) : (
        <table className="mt-4 w-full text-sm" aria-label="Shared files">
          <thead>
            <tr className="border-b border-zinc-200 text-left text-zinc-500">
              <th className="py-1 pr-3 font-medium">File</th>
              <th className="py-1 pr-3 font-medium">Container</th>
              <th className="py-1 text-right font-medium">Size</th>
            </tr>
          </thead>
          <tbody>
            {listing.items.map((item) => (
              <tr key={`${item.nodeIndex}/${item.path}`} className="border-b border-zinc-100" data-testid="shared-file">
                <td className="py-1 pr-3 break-all">
                  <a href={sharedFileHref(secret, item)} className="font-mono text-xs text-indigo-700 hover:underline" rel="noreferrer" download>
                    {item.path}
                  </a>
                </td>
                <td className="py-1 pr-3">{item.nodeIndex}</td>
                <td className="py-1 text-right whitespace-nowrap" title={formatByteCount(item.size)}>
                  {formatBytes(item.size)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {listing.next_page_token && (
        <a href={`${sharePagePath(secret)}?page-token=${encodeURIComponent(listing.next_page_token)}`} className={`${buttonStyles({ size: 'sm' })} mt-4`}>
          More files
        </a>
      )}
    </div>
  );
}
