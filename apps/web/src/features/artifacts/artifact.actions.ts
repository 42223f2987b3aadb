'use server';

import { revalidatePath } from 'next/cache';
import { JobNumberSchema, SlugPartSchema, VCS_TYPES } from '@stowage/contracts';
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
