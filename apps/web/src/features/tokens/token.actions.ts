'use server';

import { revalidatePath } from 'next/cache';
import type { RouteResponse } from '@stowage/api-client';
import { CreatePersonalTokenRequestSchema } from '@stowage/contracts';
import { z } from 'zod';
import type { ActionResult } from '../../lib/api-failure';
import { appPaths } from '../../lib/app-paths';
import { describeApiFailure, getApi } from '../../server/stowage-api';

export type CreateTokenState =
  | { status: 'idle' }
  | { status: 'created'; token: RouteResponse<'createPersonalToken'> }
  | { status: 'error'; message: string; name: string };

export async function createPersonalToken(_previous: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const name = String(form.get('name') ?? '').trim();
  const parsed = CreatePersonalTokenRequestSchema.safeParse({ name });
  if (!parsed.success) return { status: 'error', message: 'Give the token a name of 1 to 100 characters.', name };
  try {
    const token = await (await getApi()).call('createPersonalToken', { body: parsed.data });
    revalidatePath(appPaths.tokens());
    return { status: 'created', token };
  } catch (error) {
    return { status: 'error', message: describeApiFailure(error), name };
  }
}

export async function revokePersonalToken(tokenId: string): Promise<ActionResult> {
  const id = z.uuid().safeParse(tokenId);
  if (!id.success) return { ok: false, message: 'This token cannot be revoked from here.' };
  try {
    await (await getApi()).call('revokePersonalToken', { params: { tokenId: id.data } });
  } catch (error) {
    return { ok: false, message: describeApiFailure(error) };
  }
  revalidatePath(appPaths.tokens());
  return { ok: true, value: undefined };
}
