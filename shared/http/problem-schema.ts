/**
 * The shape of RFC 9457 problem details as this API answers them: the one declaration behind
 * the error bodies (problem.ts), the OpenAPI document and the client's `Problem` type.
 * zod only, so the client and the console can import it.
 */
import * as z from '../validation/zod';

export const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(FieldErrorSchema)),
});
export type ProblemDetails = z.infer<typeof ProblemSchema>;
