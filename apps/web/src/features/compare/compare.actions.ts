'use server';

import { JobNumberSchema, SlugPartSchema, VCS_TYPES, type ArtifactDetail } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { listAllJobArtifacts } from '../../server/list-all-job-artifacts';
import { apiBaseUrl, getApi } from '../../server/stowage-api';
import { browserHref, type JobRef } from '../artifacts/artifact-links';
import { pickComparedPair } from './compared-pair';

// Server Actions are public endpoints: their arguments are checked like any request body.
const RequestSchema = z.object({
  job: z.object({ vcs: z.enum(VCS_TYPES), org: SlugPartSchema, project: SlugPartSchema, jobNumber: JobNumberSchema }),
  baseNumber: JobNumberSchema,
  // Looked up as a listing prefix, which the API caps at 1024 characters.
  path: z.string().min(1).max(1024),
  nodeIndex: z.number().int().min(0).nullable(),
});

/** One version of a compared file, addressed as the Artifacts tab addresses it. */
export interface ComparedFileSide {
  href: string;
  size: number;
  contentType: string | null;
  nodeIndex: number;
}

function sideOf(found: ArtifactDetail | null, base: string): ComparedFileSide | null {
  return found ? { href: browserHref(found.url, base), size: found.size, contentType: found.contentType, nodeIndex: found.nodeIndex } : null;
}

/** Where both versions of a compared file are, for the diff and the side-by-side images. */
export async function locateComparedFile(
  job: JobRef,
  baseNumber: number,
  path: string,
  nodeIndex: number | null,
): Promise<ActionResult<{ base: ComparedFileSide | null; head: ComparedFileSide | null }>> {
  const request = RequestSchema.safeParse({ job, baseNumber, path, nodeIndex });
  if (!request.success) return { ok: false, message: 'This file cannot be shown from here.' };
  const { job: ref } = request.data;
  const route = { vcs: ref.vcs, org: ref.org, project: ref.project };
  try {
    const api = await getApi();
    const [head, base] = await Promise.all([listAllJobArtifacts(api, route, ref.jobNumber, request.data.path), listAllJobArtifacts(api, route, request.data.baseNumber, request.data.path)]);
    const origin = apiBaseUrl();
    const pair = pickComparedPair(base, head, request.data.path, request.data.nodeIndex);
    return { ok: true, value: { base: sideOf(pair.base, origin), head: sideOf(pair.head, origin) } };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}
