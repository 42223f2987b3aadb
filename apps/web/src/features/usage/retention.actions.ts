'use server';

import { revalidatePath } from 'next/cache';
import type { RouteResponse } from '@stowage/api-client';
import { RetentionDaysSchema } from '@stowage/contracts';
import { appPaths } from '../../lib/app-paths';
import { describeApiFailure, getApi } from '../../server/stowage-api';

export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

const invalidDays = { ok: false, message: 'Retention must be a whole number of days from 1 to 30.' } as const;

/** What shortening retention would delete at once, so an admin can decide before it happens. */
export async function previewRetention(org: string, days: number): Promise<ActionResult<RouteResponse<'previewRetention'>>> {
  if (!RetentionDaysSchema.safeParse(days).success) return invalidDays;
  try {
    return { ok: true, value: await (await getApi()).call('previewRetention', { params: { org }, query: { days } }) };
  } catch (error) {
    return { ok: false, message: describeApiFailure(error) };
  }
}

export async function updateRetention(org: string, days: number): Promise<ActionResult<RouteResponse<'updateRetention'>>> {
  if (!RetentionDaysSchema.safeParse(days).success) return invalidDays;
  try {
    const organization = await (await getApi()).call('updateRetention', { params: { org }, body: { artifactRetentionDays: days } });
    revalidatePath(appPaths.usage(org));
    return { ok: true, value: organization };
  } catch (error) {
    return { ok: false, message: describeApiFailure(error) };
  }
}
