import { z } from 'zod';

/**
 * The web app's whole configuration: where the Stowage API lives. Read on the server only (the
 * browser reaches the API through this app's `/api` and `/output` rewrites, never directly).
 */
const WebEnvSchema = z.object({
  STOWAGE_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:3000')
    .transform((value) => value.replace(/\/+$/, '')),
});
export type WebEnv = z.infer<typeof WebEnvSchema>;

export function parseWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  const result = WebEnvSchema.safeParse({ STOWAGE_API_URL: source.STOWAGE_API_URL || undefined });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid web configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data;
}
