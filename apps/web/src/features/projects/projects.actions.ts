'use server';

import { revalidatePath } from 'next/cache';
import { SlugPartSchema, VCS_TYPES, type Project } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { getApi } from '../../server/stowage-api';
import { parseCreateProjectForm, parseDefaultBranch, parseProjectName } from './project-rules';

export type CreateProjectState =
  | { status: 'idle' }
  | { status: 'created'; project: Project; at: number }
  | { status: 'error'; message: string; fields: { vcsType: string; name: string; visibility: string } };

// Server Actions are public endpoints: their arguments are checked like any request body.
const ProjectRouteSchema = z.object({ org: SlugPartSchema, vcs: z.enum(VCS_TYPES), project: SlugPartSchema });

function parseRoute(route: ProjectRoute): ProjectRoute | null {
  const parsed = ProjectRouteSchema.safeParse(route);
  return parsed.success ? parsed.data : null;
}

/** Projects show on the organization page, its settings and usage, and the project's own pages. */
function revalidateOrganization(org: string) {
  revalidatePath(appPaths.org(org), 'layout');
}

export async function createProject(org: string, _previous: CreateProjectState, form: FormData): Promise<CreateProjectState> {
  const fields = { vcsType: String(form.get('vcsType') ?? ''), name: String(form.get('name') ?? ''), visibility: String(form.get('visibility') ?? '') };
  const slug = SlugPartSchema.safeParse(org);
  const input = parseCreateProjectForm(form);
  if (!slug.success) return { status: 'error', message: 'This organization cannot be changed from here.', fields };
  if (!input.ok) return { status: 'error', message: input.message, fields };
  try {
    const project = await (await getApi()).call('createProject', { params: { org: slug.data }, body: input.value });
    revalidateOrganization(slug.data);
    return { status: 'created', project, at: Date.now() };
  } catch (error) {
    return { status: 'error', message: apiFailureMessage(error), fields };
  }
}

export async function renameProject(route: ProjectRoute, newName: string): Promise<ActionResult<Project>> {
  const valid = parseRoute(route);
  const name = parseProjectName(newName);
  if (!valid) return { ok: false, message: 'This project cannot be changed from here.' };
  if (!name.ok) return name;
  try {
    const project = await (await getApi()).call('updateProject', { params: valid, body: { name: name.value } });
    revalidateOrganization(valid.org);
    return { ok: true, value: project };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}

export async function setProjectVisibility(route: ProjectRoute, isPrivate: boolean): Promise<ActionResult<Project>> {
  const valid = parseRoute(route);
  if (!valid || typeof isPrivate !== 'boolean') return { ok: false, message: 'This project cannot be changed from here.' };
  try {
    const project = await (await getApi()).call('updateProject', { params: valid, body: { isPrivate } });
    revalidateOrganization(valid.org);
    return { ok: true, value: project };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}

export async function setDefaultBranch(route: ProjectRoute, branch: string): Promise<ActionResult<Project>> {
  const valid = parseRoute(route);
  const defaultBranch = parseDefaultBranch(branch);
  if (!valid) return { ok: false, message: 'This project cannot be changed from here.' };
  if (!defaultBranch.ok) return defaultBranch;
  try {
    const project = await (await getApi()).call('updateProject', { params: valid, body: { defaultBranch: defaultBranch.value } });
    revalidateOrganization(valid.org);
    return { ok: true, value: project };
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
}

export async function deleteProject(route: ProjectRoute): Promise<ActionResult> {
  const valid = parseRoute(route);
  if (!valid) return { ok: false, message: 'This project cannot be deleted from here.' };
  try {
    await (await getApi()).call('deleteProject', { params: valid });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidateOrganization(valid.org);
  return { ok: true, value: undefined };
}
