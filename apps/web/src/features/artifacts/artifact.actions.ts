'use server';

import { revalidatePath } from 'next/cache';
import { JobNumberSchema, PurgeRequestSchema, SlugPartSchema, VCS_TYPES, type PurgePreview, type PurgeRequest, type PurgeResult } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { appPaths } from '../../lib/app-paths';
import { getApi } from '../../server/stowage-api';
import type { JobRef } from './artifact-links';

// Server Actions are public endpoints: their arguments are checked like any request body.
const JobRefSchema = z.object({ vcs: z.enum(VCS_TYPES), org: SlugPartSchema, project: SlugPartSchema, jobNumber: JobNumberSchema });

/** The job's tabs, its artifact count in the header, the project's job list and usage figures. */
function revalidateJob(job: z.infer<typeof JobRefSchema>) {
  revalidatePath(appPaths.project(job), 'layout');
  revalidatePath(appPaths.usage(job.org));
}

export async function deleteArtifact(job: JobRef, artifactId: string): Promise<ActionResult> {
  const ref = JobRefSchema.safeParse(job);
  const id = z.uuid().safeParse(artifactId);
  if (!ref.success || !id.success) return { ok: false, message: 'This artifact cannot be deleted from here.' };
  try {
    await (await getApi()).call('deleteArtifact', { params: { artifactId: id.data } });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidateJob(ref.data);
  return { ok: true, value: undefined };
}

export async function deleteJobArtifacts(job: JobRef): Promise<ActionResult> {
  const ref = JobRefSchema.safeParse(job);
  if (!ref.success) return { ok: false, message: "This job's artifacts cannot be deleted from here." };
  try {
    await (await getApi()).call('deleteJobArtifacts', { params: ref.data });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidateJob(ref.data);
  return { ok: true, value: undefined };
}

/** What a purge of the artifact's bytes would delete: every artifact of the project holding them. */
export async function previewPurge(job: JobRef, artifactId: string): Promise<ActionResult<PurgePreview>> {
  const ref = JobRefSchema.safeParse(job);
  const id = z.uuid().safeParse(artifactId);
  if (!ref.success || !id.success) return { ok: false, message: 'These bytes cannot be purged from here.' };
  try {
    return { ok: true, value: await (await getApi()).call('previewPurge', { params: { artifactId: id.data } }) };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}

/** Purges the bytes, confirmed by what the preview showed (their SHA-256 and how many artifacts hold them). */
export async function purgeArtifactBytes(job: JobRef, artifactId: string, confirmation: PurgeRequest): Promise<ActionResult<PurgeResult>> {
  const ref = JobRefSchema.safeParse(job);
  const id = z.uuid().safeParse(artifactId);
  const body = PurgeRequestSchema.safeParse(confirmation);
  if (!ref.success || !id.success || !body.success) return { ok: false, message: 'These bytes cannot be purged from here.' };
  let result: PurgeResult;
  try {
    result = await (await getApi()).call('purgeArtifactBytes', { params: { artifactId: id.data }, body: body.data });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  // Other jobs' artifacts went too: every page of the project is stale.
  revalidateJob(ref.data);
  return { ok: true, value: result };
}
