/**
 * The OpenAPI 3.1 document, generated from the route contracts alone (shared/http/contract.ts):
 * paths, auth, parameters, bodies, responses and error statuses are all read from them.
 *
 * zod-to-openapi assembles the document; the schemas in it come from zod's own
 * `toJSONSchema` (JSON Schema 2020-12, which OpenAPI 3.1 uses), because zod-to-openapi
 * reads only classic zod schemas and ours are zod/mini (see shared/validation/zod.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { type ErrorDoc, NoBodySchema, operationName, pathParamNames, type RouteContract } from '../http/contract';
import { IDEMPOTENCY_KEY } from '../http/handler';
import { ProblemSchema } from '../http/problem-schema';
import * as z from '../validation/zod';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description?: string; schema: JsonSchema };

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

/** A success or error body's media type as OpenAPI keys it (without parameters such as charset). */
const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? 'application/json').split(';')[0]?.trim() as string;

/** Where verification is required, a command that moves money refuses an unverified caller (httpHandler). */
const EMAIL_NOT_VERIFIED = 'Verification is required and the caller’s email is not verified (email-not-verified)';

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
    ...(route.movesMoney ? { 403: forbiddenOfMoneyMover(route.errors?.[403]) } : {}),
  };
}

/** A money-moving command's 403: its own reason (if it has one), or an unverified email. */
function forbiddenOfMoneyMover(own: ErrorDoc | undefined): ResponseConfig {
  if (own === undefined) return problem(EMAIL_NOT_VERIFIED);
  if (typeof own === 'string') return problem(`${own}; or: ${EMAIL_NOT_VERIFIED}`);
  return errorResponse({ ...own, description: `${own.description}; or: ${EMAIL_NOT_VERIFIED}` });
}

/** The route's success answers: its status, then any other (an invitation's 202 beside a membership's 201). */
function successResponses(route: RouteContract): Record<number, ResponseConfig> {
  const success = (description: string, response: RouteContract['response'], status: number): ResponseConfig => ({
    description,
    ...(response ? { content: { [mediaTypeOf(route.contentType)]: { schema: jsonSchema(response) } } } : {}),
    ...(status === 201 || status === 202 ? { headers: { location: { schema: { type: 'string' } } } } : {}),
  });
  return {
    [route.status]: success('Success', route.response, route.status),
    ...Object.fromEntries(
      Object.entries(route.otherSuccesses ?? {}).map(([status, doc]) => [status, success(doc.description, doc.response, Number(status))]),
    ),
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
      ...Object.entries(route.headers ?? {}).map(
        ([name, header]): Parameter => ({
          name,
          in: 'header',
          required: header.required,
          description: header.description,
          schema: { type: 'string' },
        }),
      ),
      ...(route.idempotency && route.idempotency.keyField === undefined ? [IDEMPOTENCY_KEY_HEADER] : []),
    ];
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ [bearer.name]: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body && route.body !== NoBodySchema
        ? { request: { body: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } }
        : {}),
      responses: { ...successResponses(route), ...errorResponses(route) },
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
