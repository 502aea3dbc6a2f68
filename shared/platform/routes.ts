/** Route contracts of the platform: health and the API's own documents (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import * as z from '../validation/zod';

export const ComponentStatusSchema = z.enum(['ok', 'down']);
export const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), components: z.record(z.string(), ComponentStatusSchema) });
const DocumentSchema = z.record(z.string(), z.unknown());

export const getHealth = defineRoute({
  method: 'GET',
  path: '/health',
  auth: false,
  summary: 'Health of each component',
  tag: 'Platform',
  status: 200,
  response: HealthSchema,
  errors: { 503: { description: 'A component is down (status degraded)', response: HealthSchema } },
});

export const getOpenApi = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  auth: false,
  summary: 'This OpenAPI document',
  tag: 'Platform',
  status: 200,
  response: DocumentSchema,
});

export const getAsyncApi = defineRoute({
  method: 'GET',
  path: '/asyncapi.json',
  auth: false,
  summary: 'The AsyncAPI 3.0 document of the WebSocket protocol',
  tag: 'Platform',
  status: 200,
  response: DocumentSchema,
});

export const getDocs = defineRoute({
  method: 'GET',
  path: '/docs',
  auth: false,
  summary: 'Interactive API documentation (HTML)',
  tag: 'Platform',
  status: 200,
  contentType: 'text/html; charset=utf-8',
  response: z.string(),
});
