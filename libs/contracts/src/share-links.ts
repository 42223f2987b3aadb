import { z } from 'zod';
import { NodeIndexSchema } from './common';

/** Share links (docs/share-links.md): public, expiring, revocable links to part of a job's artifacts. */
export const SHARE_LINK_MIN_SECONDS = 3600;
export const SHARE_LINK_MAX_SECONDS = 30 * 24 * 3600;

/** Every answer under `/s/:secret` carries these: the secret never leaves as a Referer, nothing caches or indexes it. */
export const SHARE_LINK_HEADERS = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex',
} as const;

/** "The newest successful job named `name` on `branch`", judged whenever the link is opened. */
export const ShareStreamSchema = z.object({ name: z.string().min(1).max(255), branch: z.string().min(1).max(255) }).strict();
export const ShareTargetSchema = z.union([z.object({ jobNumber: z.number().int().positive() }).strict(), z.object({ stream: ShareStreamSchema }).strict()]);
export type ShareTarget = z.infer<typeof ShareTargetSchema>;

export const CreateShareLinkRequestSchema = z
  .object({
    target: ShareTargetSchema.describe('A fixed job, or the newest successful job with this name on this branch'),
    nodeIndex: NodeIndexSchema.nullable().optional().describe('One container, or all when absent'),
    path: z.string().max(1024).optional().describe("'' (everything), a folder (whole path segments) or one file"),
    expiresInSeconds: z.number().int().min(SHARE_LINK_MIN_SECONDS).max(SHARE_LINK_MAX_SECONDS).describe('One hour to 30 days, and never past the artifacts\' own expiry'),
    note: z.string().max(500).optional(),
  })
  .strict();
export type CreateShareLinkRequest = z.infer<typeof CreateShareLinkRequestSchema>;

export const ShareLinkSchema = z.object({
  id: z.uuid(),
  createdBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  target: ShareTargetSchema,
  nodeIndex: z.number().int().nullable(),
  path: z.string(),
  note: z.string().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  useCount: z.number().int(),
  lastUsedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ShareLink = z.infer<typeof ShareLinkSchema>;

export const CreatedShareLinkSchema = ShareLinkSchema.extend({
  secret: z.string().describe('Shown once; only its SHA-256 is stored'),
  url: z.string().describe('The public listing of the link: /s/<secret>/listing under the API'),
});

export const SetShareLinksEnabledRequestSchema = z.object({ enabled: z.boolean() }).strict();
export const ShareLinksSettingSchema = z.object({ enabled: z.boolean() });

export const SharedListingQuerySchema = z.object({ 'page-token': z.string().max(2048).optional() });
export const SharedListingSchema = z.object({
  job: z.object({ number: z.number().int(), name: z.string(), branch: z.string().nullable() }),
  nodeIndex: z.number().int().nullable(),
  path: z.string(),
  note: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  archiveUrl: z.string(),
  items: z.array(z.object({ nodeIndex: z.number().int(), path: z.string(), size: z.number().int(), contentType: z.string().nullable(), url: z.string() })),
  next_page_token: z.string().nullable(),
});
export type SharedListing = z.infer<typeof SharedListingSchema>;
