import { RetentionDaysSchema } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { z } from 'zod';
import { requireOrganization } from '../../access/require-access';
import type { ServerContext } from '../../server-context';
import { parseInput } from '../parse-input';

const DAY_MS = 24 * 3600_000;

/** What a shorter retention would expire at once, so the page can say it before saving (members). */
export async function previewRetention(ctx: Pick<ServerContext, 'access' | 'artifacts' | 'clock'>, principal: Principal, input: { slug: string; days: unknown }) {
  const { organization } = await requireOrganization(ctx.access, input.slug, principal, 'member');
  // Judged after access: an organization the caller cannot see is a 404 whatever the days say.
  const days = parseInput(z.coerce.number().pipe(RetentionDaysSchema), input.days, 'days');
  const cutoff = new Date(ctx.clock.now().getTime() - days * DAY_MS);
  const { artifacts, bytes } = await ctx.artifacts.countCreatedBefore(organization.id, cutoff);
  return { artifactRetentionDays: days, expiringArtifacts: artifacts, expiringBytes: bytes };
}
