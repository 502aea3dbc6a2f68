/**
 * List parameters as API.md defines them: `?limit=` (1–100, default 25) and an opaque
 * `?cursor=`. Apart from the DynamoDB pagination that reads them, so the OpenAPI document
 * can describe them without bundling a DynamoDB client.
 */
import * as z from '../validation/zod';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export const ListQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;
