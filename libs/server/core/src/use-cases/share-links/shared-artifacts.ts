import { create as contentDisposition } from 'content-disposition';
import type { SharedListing } from '@stowage/contracts';
import { encodeArtifactPath, shareScopeCovers, type Artifact } from '@stowage/domain';
import type { ListingCursor } from '@stowage/server-db';
import { PageTokenCodec } from '../../retrieval/page-token';
import type { ServerContext } from '../../server-context';
import { answerZip } from '../artifacts/archive-job-artifacts';
import { answerArtifactDownload, type DownloadRequest, type HttpAnswer } from '../artifacts/download-artifact';
import { openShareLink, shareLinkNotFound, type OpenShareLink } from './open-share-link';

const LISTING_PAGE = 500;
/** Answers through a link are never stored by a cache (SHARE_LINK_HEADERS adds the rest in the controller). */
const SHARED_CACHE_CONTROL = 'private, no-store';

const linkBase = (ctx: Pick<ServerContext, 'config'>, secret: string) => `${ctx.config.artifactsUrl}/s/${secret}`;

/** The bytes a link's scope can reach: available, unexpired, in its container and under its prefix by whole segments. */
async function coveredPage(ctx: Pick<ServerContext, 'artifacts' | 'clock'>, open: OpenShareLink, after: ListingCursor | undefined, limit: number): Promise<{ items: Artifact[]; more: boolean }> {
  const items: Artifact[] = [];
  for (;;) {
    const page = await ctx.artifacts.listForArchive(open.job.id, ctx.clock.now(), { nodeIndex: open.scope.nodeIndex ?? undefined, prefix: open.scope.pathPrefix, after, limit: limit + 1 });
    for (const artifact of page) {
      if (!shareScopeCovers(open.scope, artifact.nodeIndex, artifact.path)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(artifact);
    }
    if (page.length < limit + 1) return { items, more: false };
    const last = page[page.length - 1];
    after = [last.nodeIndex, last.path, last.id];
  }
}

/** The read-only listing behind a link: what it covers now, with each file's URL through the link. */
export async function listSharedArtifacts(
  ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'jobs' | 'artifacts' | 'clock' | 'config'>,
  input: { secret: string; pageToken?: string },
): Promise<SharedListing> {
  const open = await openShareLink(ctx, input.secret);
  const pageTokens = new PageTokenCodec(ctx.config.signingSecret);
  let after: ListingCursor | undefined;
  try {
    after = pageTokens.decode<ListingCursor>(`share:${open.link.id}:${open.job.id}`, input.pageToken);
  } catch {
    throw shareLinkNotFound();
  }
  const { items, more } = await coveredPage(ctx, open, after, LISTING_PAGE);
  await ctx.shareLinks.recordUse(open.link.id, ctx.clock.now());
  const base = linkBase(ctx, input.secret);
  const last = items[items.length - 1];
  return {
    job: { number: open.job.number, name: open.job.name, branch: open.job.branch },
    nodeIndex: open.scope.nodeIndex,
    path: open.scope.pathPrefix,
    note: open.link.note,
    expiresAt: open.link.expiresAt.toISOString(),
    archiveUrl: `${base}/archive.zip`,
    items: items.map((a) => ({ nodeIndex: a.nodeIndex, path: a.path, size: a.size, contentType: a.contentType, url: `${base}/files/${a.nodeIndex}/${encodeArtifactPath(a.path)}` })),
    next_page_token: more && last ? pageTokens.encode(`share:${open.link.id}:${open.job.id}`, [last.nodeIndex, last.path, last.id]) : null,
  };
}

/** One file through a link, served as download-artifact serves it (Range, conditional requests, sandbox, egress), if the link's scope covers it. */
export async function downloadSharedArtifact(
  ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'jobs' | 'artifacts' | 'usage' | 'storage' | 'clock' | 'config' | 'logger'>,
  input: { secret: string; request: Omit<DownloadRequest, 'jobId'> },
): Promise<HttpAnswer> {
  const open = await openShareLink(ctx, input.secret);
  const { nodeIndex, path } = input.request;
  if (!shareScopeCovers(open.scope, nodeIndex, path)) throw shareLinkNotFound();
  const artifact = await ctx.artifacts.findDownloadable(open.job.id, nodeIndex, path, ctx.clock.now());
  if (!artifact) throw shareLinkNotFound();
  await ctx.shareLinks.recordUse(open.link.id, ctx.clock.now());
  return answerArtifactDownload(ctx, open.project, artifact, input.request, SHARED_CACHE_CONTROL);
}

/** Everything a link covers as one zip, built while it is sent; egress counted. */
export async function archiveSharedArtifacts(
  ctx: Pick<ServerContext, 'access' | 'shareLinks' | 'jobs' | 'artifacts' | 'usage' | 'storage' | 'clock' | 'logger'>,
  input: { secret: string },
): Promise<HttpAnswer> {
  const open = await openShareLink(ctx, input.secret);
  await ctx.shareLinks.recordUse(open.link.id, ctx.clock.now());
  const { scope } = open;
  const name = `${open.project.name}-${open.job.number}${scope.nodeIndex !== null ? `-${scope.nodeIndex}` : ''}${scope.pathPrefix ? `-${scope.pathPrefix.replace(/\//g, '_')}` : ''}.zip`;
  const answer = answerZip(ctx, {
    project: open.project,
    jobId: open.job.id,
    name,
    nodeIndex: scope.nodeIndex ?? undefined,
    prefix: scope.pathPrefix,
    covers: (artifact) => shareScopeCovers(scope, artifact.nodeIndex, artifact.path),
  });
  return { ...answer, headers: { ...answer.headers, 'content-disposition': contentDisposition(name), 'cache-control': SHARED_CACHE_CONTROL } };
}
