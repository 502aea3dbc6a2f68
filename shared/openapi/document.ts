/**
 * The OpenAPI 3.1 document, generated from the manifest's routes and the zod schemas.
 *
 * zod-to-openapi assembles the document; the schemas in it come from zod's own
 * `toJSONSchema` (JSON Schema 2020-12, which OpenAPI 3.1 uses), because zod-to-openapi
 * reads only classic zod schemas and ours are zod/mini (see shared/validation/zod.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { manifest as defaultManifest, type Manifest, type RouteSpec } from '../../infra/manifest';
import { IDEMPOTENCY_KEY } from '../http/handler';
import * as z from '../validation/zod';
import { type ErrorDoc, type RouteDoc, routeDocs } from './routes';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema };

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/**
 * A schema as clients send it (before defaults and trimming). Response schemas have no
 * transforms, so this is also what clients receive, without the `additionalProperties:
 * false` of zod's output mode: a response may gain fields without breaking clients.
 */
function jsonSchema(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodMiniType): Parameter[] {
  const object = jsonSchema(schema);
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

const IDEMPOTENCY_KEY_HEADER: Parameter = {
  name: 'idempotency-key',
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
};

const PROBLEM_JSON_SCHEMA = jsonSchema(ProblemSchema);
const problem = (description: string): ResponseConfig => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_JSON_SCHEMA } },
});

function errorResponse(error: ErrorDoc): ResponseConfig {
  if (typeof error === 'string') return problem(error);
  return {
    ...(error.response
      ? { description: error.description, content: { 'application/json': { schema: jsonSchema(error.response) } } }
      : problem(error.description)),
    ...(error.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(error.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
          ),
        }
      : {}),
  };
}

/**
 * A route's error responses: those the shared HTTP handler and command acceptance give
 * every route of its shape (shared/http/handler.ts, shared/commands/accept.ts), then the
 * ones its own handler decides, declared with the route in routes.ts.
 */
function errorResponses(route: RouteSpec, doc: RouteDoc): Record<number, ResponseConfig> {
  const hasPathIds = route.path.includes('{');
  return {
    ...(doc.body || doc.query || doc.idempotent ? { 400: problem('Invalid request (validation-error)') } : {}),
    ...(route.auth ? { 401: problem('Missing or invalid bearer token') } : {}),
    ...(hasPathIds ? { 404: problem('Not found, or not the caller’s') } : {}),
    ...(doc.idempotent ? { 409: problem('Idempotency key reused with a different body') } : {}),
    ...(doc.body ? { 413: problem('Body over 64 kB'), 415: problem('Body is not application/json') } : {}),
    500: problem('Internal error'),
    ...Object.fromEntries(Object.entries(doc.errors ?? {}).map(([status, error]) => [status, errorResponse(error)])),
  };
}

export function buildOpenApiDocument(m: Manifest = defaultManifest, serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of m.routes) {
    const key = `${route.method} ${route.path}`;
    const doc = routeDocs[key];
    if (!doc) throw new Error(`The OpenAPI document has no entry for ${key}`);
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
    const parameters: Parameter[] = [
      ...params.map((name): Parameter => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(doc.query ? queryParameters(doc.query) : []),
      ...(doc.idempotent ? [IDEMPOTENCY_KEY_HEADER] : []),
    ];
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: doc.summary,
      tags: [doc.tag],
      ...(route.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body ? { request: { body: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } } } } : {}),
      responses: {
        [doc.status]: {
          description: 'Success',
          ...(doc.response ? { content: { 'application/json': { schema: jsonSchema(doc.response) } } } : {}),
          ...(doc.status === 201 || doc.status === 202 ? { headers: { location: { schema: { type: 'string' } } } } : {}),
        },
        ...errorResponses(route, doc),
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
