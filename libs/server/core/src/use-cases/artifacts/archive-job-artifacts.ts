import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { ProjectRef } from '@stowage/contracts';
import { isStorageError, zipEntryName, type Artifact, type Principal } from '@stowage/domain';
import type { ListingCursor } from '@stowage/server-db';
import { requireJob } from '../../access/require-access';
import { readArtifact } from '../../artifacts/artifact-bytes';
import type { ServerContext } from '../../server-context';
import type { HttpAnswer } from './download-artifact';
import { recordEgress } from './record-egress';

const ARCHIVE_PAGE = 500;

/** "Download all": a job's, one node's or one folder's artifacts as a zip built while it is sent, entries in byte order of their paths. */
export async function archiveJobArtifacts(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'usage' | 'storage' | 'clock' | 'logger'>,
  principal: Principal,
  input: { ref: ProjectRef; jobNumber: number; nodeIndex?: number; prefix?: string },
): Promise<HttpAnswer> {
  const { project, job } = await requireJob(ctx.access, input.ref, input.jobNumber, principal, 'read');
  const name = `${project.name}-${job.number}${input.nodeIndex !== undefined ? `-${input.nodeIndex}` : ''}${input.prefix ? `-${input.prefix.replace(/\/+$/, '').replace(/\//g, '_')}` : ''}.zip`;
  return answerZip(ctx, { project, jobId: job.id, name, nodeIndex: input.nodeIndex, prefix: input.prefix ?? '' });
}

/** A zip of one job's available artifacts (one node's, under a byte prefix, and only those `covers` accepts), built while it is sent; egress counted. */
export function answerZip(
  ctx: Pick<ServerContext, 'artifacts' | 'usage' | 'storage' | 'clock' | 'logger'>,
  input: { project: { id: string; organizationId: string }; jobId: string; name: string; nodeIndex?: number; prefix: string; covers?: (artifact: Artifact) => boolean },
): HttpAnswer {
  const { project, name } = input;
  const job = { id: input.jobId };
  return {
    status: 200,
    headers: { 'content-type': 'application/zip', 'content-disposition': contentDisposition(name), 'x-content-type-options': 'nosniff' },
    body: async (destination: Writable) => {
      // Stored, not deflated: artifacts are often already compressed, and the zip must keep pace with the network.
      // Imported on first use: a process that never serves a zip does not carry the archiver in memory.
      const { default: archiver } = await import('archiver');
      const zip = archiver('zip', { store: true, forceZip64: false });
      const sending = pipeline(zip, destination);
      let served = 0;
      let current: { id: string; nodeIndex: number; path: string } | undefined;
      zip.on('data', (chunk: Buffer) => (served += chunk.length));
      try {
        let after: ListingCursor | undefined;
        for (;;) {
          const page = await ctx.artifacts.listForArchive(job.id, ctx.clock.now(), { nodeIndex: input.nodeIndex, prefix: input.prefix, after, limit: ARCHIVE_PAGE });
          for (const artifact of page) {
            if (input.covers && !input.covers(artifact)) continue;
            current = artifact;
            const entryName = zipEntryName(input.nodeIndex !== undefined ? artifact.path : `${artifact.nodeIndex}/${artifact.path}`);
            zip.append(await readArtifact(ctx.storage, artifact.storageKey), { name: entryName, date: artifact.availableAt ?? undefined, mode: artifact.fileMode });
            // One entry at a time: never more than one object stream open, whatever the job's size.
            await once(zip, 'entry');
          }
          if (page.length < ARCHIVE_PAGE) break;
          const last = page[page.length - 1];
          after = [last.nodeIndex, last.path, last.id];
        }
        await zip.finalize();
        await sending;
      } catch (error) {
        // The status went with the first bytes: the zip can only end early, as a truncated archive
        // the client's unzip refuses. The log says which artifact's bytes were missing.
        const missing = isStorageError(error, 'NOT_FOUND');
        ctx.logger[missing ? 'warn' : 'error'](
          { err: error, jobId: job.id, artifactId: current?.id, nodeIndex: current?.nodeIndex, path: current?.path },
          missing ? 'zip ended early: artifact bytes missing from storage (run stowage-admin verify)' : 'zip ended early',
        );
        zip.abort();
        destination.destroy(error as Error);
      } finally {
        await recordEgress(ctx, { organizationId: project.organizationId, projectId: project.id, bytes: served }).catch(() => undefined);
      }
    },
  };
}
