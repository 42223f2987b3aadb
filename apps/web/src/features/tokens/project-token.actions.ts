'use server';

import { revalidatePath } from 'next/cache';
import type { RouteResponse } from '@stowage/api-client';
import { SlugPartSchema, VCS_TYPES } from '@stowage/contracts';
import { z } from 'zod';
import { apiFailureMessage, type ActionResult } from '../../lib/api-failure';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { getApi } from '../../server/stowage-api';
import { parseProjectTokenForm } from './token-rules';

export type CreateProjectTokenState =
  | { status: 'idle' }
  | { status: 'created'; token: RouteResponse<'createProjectToken'> }
  | { status: 'error'; message: string; name: string; scope: string };

// Server Actions are public endpoints: their arguments are checked like any request body.
const ProjectRouteSchema = z.object({ org: SlugPartSchema, vcs: z.enum(VCS_TYPES), project: SlugPartSchema });

export async function createProjectToken(route: ProjectRoute, _previous: CreateProjectTokenState, form: FormData): Promise<CreateProjectTokenState> {
  const name = String(form.get('name') ?? '').trim();
  const scope = String(form.get('scope') ?? '');
  const valid = ProjectRouteSchema.safeParse(route);
  const input = parseProjectTokenForm(form);
  if (!valid.success) return { status: 'error', message: 'This project cannot be changed from here.', name, scope };
  if (!input.ok) return { status: 'error', message: input.message, name, scope };
  try {
    const token = await (await getApi()).call('createProjectToken', { params: valid.data, body: input.value });
    revalidatePath(appPaths.projectTokens(valid.data));
    return { status: 'created', token };
  } catch (error) {
    return { status: 'error', message: apiFailureMessage(error), name, scope };
  }
}

export async function revokeProjectToken(route: ProjectRoute, tokenId: string): Promise<ActionResult> {
  const valid = ProjectRouteSchema.safeParse(route);
  const id = z.uuid().safeParse(tokenId);
  if (!valid.success || !id.success) return { ok: false, message: 'This token cannot be revoked from here.' };
  try {
    await (await getApi()).call('revokeProjectToken', { params: { ...valid.data, tokenId: id.data } });
  } catch (error) {
    return { ok: false, message: apiFailureMessage(error) };
  }
  revalidatePath(appPaths.projectTokens(valid.data));
  return { ok: true, value: undefined };
}
