'use server';

import { CreateShareLinkRequestSchema, JobNumberSchema, SlugPartSchema, VCS_TYPES } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { getApi } from '../../server/stowage-api';
import type { JobRef } from '../artifacts/artifact-links';

// Server Actions are public endpoints: their arguments are checked like any request body.
const JobRefSchema = z.object({ vcs: z.enum(VCS_TYPES), org: SlugPartSchema, project: SlugPartSchema, jobNumber: JobNumberSchema });
const ShareRequestSchema = CreateShareLinkRequestSchema.pick({ nodeIndex: true, path: true, expiresInSeconds: true, note: true });

/** Creates a link to the job's artifacts (one file, a folder, a container or all); answers its secret, shown once. */
export async function createShareLink(job: JobRef, request: z.input<typeof ShareRequestSchema>): Promise<ActionResult<{ secret: string; expiresAt: string }>> {
  const ref = JobRefSchema.safeParse(job);
  const body = ShareRequestSchema.safeParse(request);
  if (!ref.success || !body.success) return { ok: false, message: 'This link cannot be made from here.' };
  const { vcs, org, project, jobNumber } = ref.data;
  try {
    const created = await (await getApi()).call('createShareLink', {
      params: { vcs, org, project },
      body: { target: { jobNumber }, ...body.data, note: body.data.note?.trim() || undefined },
    });
    return { ok: true, value: { secret: created.secret, expiresAt: created.expiresAt } };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}
