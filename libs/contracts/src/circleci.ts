import { z } from 'zod';

// The shapes of CircleCI's artifacts API, so existing clients work unchanged.

/** API v1.1: GET /api/v1.1/project/:vcs/:org/:project/:build_num/artifacts */
export const V11ArtifactSchema = z.object({
  path: z.string(),
  pretty_path: z.string(),
  node_index: z.number().int(),
  url: z.string(),
});
export type V11Artifact = z.infer<typeof V11ArtifactSchema>;
export const V11ArtifactListSchema = z.array(V11ArtifactSchema);

/** `latest/artifacts` filters, as CircleCI names them. */
export const LATEST_FILTERS = ['completed', 'successful', 'failed', 'running'] as const;
export const V11LatestQuerySchema = z.object({
  branch: z.string().min(1).max(255).optional(),
  filter: z.enum(LATEST_FILTERS).optional(),
});

/** API v2: GET /api/v2/project/:project-slug/:job-number/artifacts */
export const V2ArtifactSchema = z.object({
  path: z.string(),
  node_index: z.number().int(),
  url: z.string(),
});
export const V2ArtifactListSchema = z.object({
  items: z.array(V2ArtifactSchema),
  next_page_token: z.string().nullable(),
});
export type V2ArtifactList = z.infer<typeof V2ArtifactListSchema>;
/** Artifacts per v2 page. */
export const V2_PAGE_SIZE = 100;
