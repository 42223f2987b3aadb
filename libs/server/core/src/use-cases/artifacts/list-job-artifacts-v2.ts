import { V2_PAGE_SIZE, type ProjectRef, type V2ArtifactList } from '@stowage/contracts';
import { artifactUrl, type Principal } from '@stowage/domain';
import type { ListingCursor } from '@stowage/server-db';
import { PageTokenCodec } from '../../retrieval/page-token';
import type { ServerContext } from '../../server-context';
import { requireNumberedJob } from './list-job-artifacts-v11';

/** v2: a job's available artifacts, a page at a time; the page token is a signed keyset cursor. Two queries: access + job, then the page. */
export async function listJobArtifactsV2(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'clock' | 'config'>,
  principal: Principal,
  input: { ref: ProjectRef; jobNumber: string; pageToken?: string },
): Promise<V2ArtifactList> {
  const job = await requireNumberedJob(ctx, principal, input.ref, input.jobNumber, 'job-number');
  const pageTokens = new PageTokenCodec(ctx.config.signingSecret);
  const after = pageTokens.decode<ListingCursor>(`v2:${job.id}`, input.pageToken);
  const rows = await ctx.artifacts.listAvailable(job.id, ctx.clock.now(), { after, limit: V2_PAGE_SIZE + 1 });
  const page = rows.slice(0, V2_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({ path: row.path, node_index: row.nodeIndex, url: artifactUrl(ctx.config.artifactsUrl, job.id, row.nodeIndex, row.path) })),
    next_page_token: rows.length > V2_PAGE_SIZE ? pageTokens.encode(`v2:${job.id}`, [last.nodeIndex, last.path, last.id]) : null,
  };
}
