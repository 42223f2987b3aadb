import type { ArtifactDetail, ProjectRef } from '@stowage/contracts';
import { artifactUrl, type Principal } from '@stowage/domain';
import type { ListingCursor } from '@stowage/server-db';
import { requireJob } from '../../access/require-access';
import { PageTokenCodec } from '../../retrieval/page-token';
import { ARTIFACT_STATE_VIEWS as STATE_VIEWS } from '../../artifacts/artifact-state-view';
import type { ServerContext } from '../../server-context';

/** Stowage's own listing: every state but DELETING, with details and core-dump facts, by path prefix, in byte order. */
export async function listJobArtifacts(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'clock' | 'config'>,
  principal: Principal,
  input: { ref: ProjectRef; jobNumber: number; prefix?: string; pageToken?: string; pageSize: number },
): Promise<{ items: ArtifactDetail[]; next_page_token: string | null }> {
  const { job } = await requireJob(ctx.access, input.ref, input.jobNumber, principal, 'read');
  const pageTokens = new PageTokenCodec(ctx.config.signingSecret);
  const after = pageTokens.decode<ListingCursor>(`detail:${job.id}`, input.pageToken);
  const rows = await ctx.artifacts.listDetailed(job.id, ctx.clock.now(), { prefix: input.prefix ?? '', after, limit: input.pageSize + 1 });
  const page = rows.slice(0, input.pageSize);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      path: row.path,
      nodeIndex: row.nodeIndex,
      state: STATE_VIEWS[row.state],
      failureReason: row.failureReason,
      size: row.size,
      sha256: row.sha256 as string,
      contentType: row.contentType,
      fileMode: row.fileMode,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      url: artifactUrl(ctx.config.artifactsUrl, job.id, row.nodeIndex, row.path),
      coreDump: row.coreDump,
    })),
    next_page_token: rows.length > input.pageSize ? pageTokens.encode(`detail:${job.id}`, [last.nodeIndex, last.path, last.id]) : null,
  };
}
