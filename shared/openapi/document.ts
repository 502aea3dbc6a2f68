/** The OpenAPI 3.1 document, generated from the manifest's routes and the zod schemas. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { manifest as defaultManifest, type Manifest } from '../../infra/manifest';
import { routeDocs } from './routes';

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

export function buildOpenApiDocument(m: Manifest = defaultManifest, serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of m.routes) {
    const key = `${route.method} ${route.path}`;
    const doc = routeDocs[key];
    if (!doc) throw new Error(`The OpenAPI document has no entry for ${key}`);
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: doc.summary,
      tags: [doc.tag],
      ...(route.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
        ...(doc.query ? { query: doc.query as z.ZodObject } : {}),
        ...(doc.idempotent
          ? {
              headers: z.object({
                'idempotency-key': z
                  .string()
                  .regex(/^[A-Za-z0-9_-]{1,128}$/)
                  .optional(),
              }),
            }
          : {}),
        ...(doc.body ? { body: { required: true, content: { 'application/json': { schema: doc.body } } } } : {}),
      },
      responses: {
        [doc.status]: {
          description: 'Success',
          ...(doc.response ? { content: { 'application/json': { schema: doc.response } } } : {}),
          ...(doc.status === 201 || doc.status === 202 ? { headers: { location: { schema: { type: 'string' } } } } : {}),
        },
        ...(doc.body || doc.query ? { 400: problem('Invalid request (validation-error)') } : {}),
        ...(route.auth ? { 401: problem('Missing or invalid bearer token') } : {}),
        ...(params.length ? { 404: problem('Not found, or not yours') } : {}),
        ...(doc.idempotent ? { 409: problem('Idempotency key reused with a different body, or a conflict') } : {}),
        ...(doc.body ? { 413: problem('Body over 64 kB'), 415: problem('Body is not application/json') } : {}),
        500: problem('Internal error'),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Evenly',
      version: '1.0.0',
      description:
        'Wallets and transfers, shop purchases and group expense splitting. Money is a decimal string in the currency’s minor-unit precision.',
    },
    servers: [{ url: serverUrl }],
  });
}
