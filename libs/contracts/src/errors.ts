import { z } from 'zod';

/** Every error the API returns has this shape, whatever the route. */
export const ErrorResponseSchema = z.object({
  statusCode: z.number().int(),
  error: z.string().describe('Machine-readable error code, e.g. "not_found"'),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  requestId: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
