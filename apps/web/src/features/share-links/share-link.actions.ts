'use server';

import { revalidatePath } from 'next/cache';
import { CreateShareLinkRequestSchema, JobNumberSchema, ShareStreamSchema, SlugPartSchema, VCS_TYPES } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { getApi } from '../../server/stowage-api';
import type { JobRef } from '../artifacts/artifact-links';

// Server Actions are public endpoints: their arguments are checked like any request body.
const ProjectRouteSchema = z.object({ vcs: z.enum(VCS_TYPES), org: SlugPartSchema, project: SlugPartSchema });
const JobRefSchema = ProjectRouteSchema.extend({ jobNumber: JobNumberSchema });
const ShareRequestSchema = CreateShareLinkRequestSchema.pick({ nodeIndex: true, path: true, expiresInSeconds: true, note: true }).extend({
  /** Absent: this job. Present: the newest successful job of this name on this branch, whenever the link is opened. */
  stream: ShareStreamSchema.optional(),
});

/** Creates a link to the job's artifacts (one file, a folder, a container or all), or to its stream's; answers its secret, shown once. */
export async function createShareLink(job: JobRef, request: z.input<typeof ShareRequestSchema>): Promise<ActionResult<{ secret: string; expiresAt: string }>> {
  const ref = JobRefSchema.safeParse(job);
  const body = ShareRequestSchema.safeParse(request);
  if (!ref.success || !body.success) return { ok: false, message: 'This link cannot be made from here.' };
  const { vcs, org, project, jobNumber } = ref.data;
  const { stream, ...scope } = body.data;
  try {
    const created = await (await getApi()).call('createShareLink', {
      params: { vcs, org, project },
      body: { target: stream ? { stream } : { jobNumber }, ...scope, note: scope.note?.trim() || undefined },
    });
    revalidatePath(appPaths.projectShareLinks({ vcs, org, project }));
    return { ok: true, value: { secret: created.secret, expiresAt: created.expiresAt } };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}

/** Revokes a link (its creator or an organization admin; the API refuses anyone else, and says why). */
export async function revokeShareLink(route: ProjectRoute, linkId: string): Promise<ActionResult> {
  const valid = ProjectRouteSchema.safeParse(route);
  const id = z.uuid().safeParse(linkId);
  if (!valid.success || !id.success) return { ok: false, message: 'This link cannot be revoked from here.' };
  try {
    await (await getApi()).call('revokeShareLink', { params: { ...valid.data, linkId: id.data } });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidatePath(appPaths.projectShareLinks(valid.data));
  return { ok: true, value: undefined };
}

/** Turns the organization's share links on or off (admins); every page that offers or lists links follows. */
export async function setShareLinksEnabled(org: string, enabled: boolean): Promise<ActionResult<{ enabled: boolean }>> {
  const slug = SlugPartSchema.safeParse(org);
  if (!slug.success || typeof enabled !== 'boolean') return { ok: false, message: 'This organization cannot be changed from here.' };
  try {
    const setting = await (await getApi()).call('setOrganizationShareLinks', { params: { org: slug.data }, body: { enabled } });
    revalidatePath(`/${slug.data}`, 'layout');
    return { ok: true, value: setting };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}
