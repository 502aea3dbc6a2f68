/**
 * The OpenAPI 3.1 document, generated from the route contracts alone (shared/http/contract.ts):
 * paths, auth, parameters, bodies, responses and error statuses are all read from them.
 *
 * zod-to-openapi assembles the document; the schemas in it come from zod's own
 * `toJSONSchema` (JSON Schema 2020-12, which OpenAPI 3.1 uses), because zod-to-openapi
 * reads only classic zod schemas and ours are zod/mini (see shared/validation/zod.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { type ErrorDoc, operationName, pathParamNames, type RouteContract } from '../http/contract';
import { IDEMPOTENCY_KEY } from '../http/handler';
import { ProblemSchema } from '../http/problem-schema';
import * as z from '../validation/zod';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema };

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
 * ones its own handler decides, declared in the route's contract.
 */
function errorResponses(route: RouteContract): Record<number, ResponseConfig> {
  const hasPathIds = route.path.includes('{');
  return {
    ...(route.body || route.query || route.idempotency ? { 400: problem('Invalid request (validation-error)') } : {}),
    ...(route.auth ? { 401: problem('Missing or invalid bearer token') } : {}),
    ...(hasPathIds ? { 404: problem('Not found, or not the caller’s') } : {}),
    ...(route.idempotency ? { 409: problem('Idempotency key reused with a different body') } : {}),
    ...(route.body ? { 413: problem('Body over 64 kB'), 415: problem('Body is not application/json') } : {}),
    500: problem('Internal error'),
    ...Object.fromEntries(Object.entries(route.errors ?? {}).map(([status, error]) => [status, errorResponse(error)])),
  };
}

export function buildOpenApiDocument(routes: readonly RouteContract[], serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const seen = new Set<string>();
  for (const route of routes) {
    const name = operationName(route);
    if (seen.has(name)) throw new Error(`Two route contracts declare ${name}`);
    seen.add(name);
    const parameters: Parameter[] = [
      ...pathParamNames(route.path).map((param): Parameter => ({ name: param, in: 'path', required: true, schema: { type: 'string' } })),
      ...(route.query ? queryParameters(route.query) : []),
      ...(route.idempotency ? [IDEMPOTENCY_KEY_HEADER] : []),
    ];
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { request: { body: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } } : {}),
      responses: {
        [route.status]: {
          description: 'Success',
          ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response) } } } : {}),
          ...(route.status === 201 || route.status === 202 ? { headers: { location: { schema: { type: 'string' } } } } : {}),
        },
        ...errorResponses(route),
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
