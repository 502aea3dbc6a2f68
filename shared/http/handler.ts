/**
 * `httpHandler(contract, lambdaHandler)` wraps a route's `lambdaHandler` in the steps every
 * REST route shares: logging context → body size limit → content-type and JSON parsing →
 * the route's own authentication of the raw request, if any (a signed webhook) → zod validation
 * of body, query and path parameters (all from the route's contract) → the verified-email rule
 * of commands that move money → the handler → its plain `HttpResult` as an API Gateway result →
 * problem details on any error. Each request runs in its own correlation scope, which command
 * acceptance names once it knows the command (shared/observability/correlation.ts).
 *
 * Why one wrapper and not a middleware per step: the steps after the header normalizer are
 * not independent. Every answer, problems included, must carry the CORS headers and the
 * stage-relative location, and every failure of any step must leave through the one problem
 * mapper below with the request id; split into middy middlewares, each would have to know the
 * others' order and re-render the others' errors. The parts that are independent stay middy
 * middlewares (Powertools' logger context, header normalizing).
 *
 * The JSON parser is ours, not @middy/http-json-body-parser: that one answers 422 for
 * malformed JSON, and our contract says 400.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { optionalEnv } from '../config/env';
import { DomainError } from '../domain/errors';
import { withCorrelation } from '../observability/correlation';
import { logger } from '../observability/logger';
import { ID_PATTERN } from '../validation/ids';
import type * as z from '../validation/zod';
import { assertMayMoveMoney, type Caller, callerOf } from './caller';
import { type BodyOf, type HeadersOf, type ParamsOf, type QueryOf, type RouteContract, requestIdentity } from './contract';
import { CORS_ALLOWED_ORIGINS_ENV, corsHeaders, parseAllowedOrigins } from './cors';
import { HttpProblem, internalProblem, notFound, problemOfDomainError, problemResponse, validationError } from './problem';
import type { HttpResult } from './response';

/** Request bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<C extends RouteContract> {
  readonly event: APIGatewayProxyEvent;
  readonly body: BodyOf<C>;
  readonly query: QueryOf<C>;
  /** Each `{name}` of the contract's path, checked against its pattern. */
  readonly params: ParamsOf<C>;
  /** Each header the contract declares, as sent (undefined when absent). */
  readonly headers: HeadersOf<C>;
  /** Present on routes whose contract says `auth: true`. */
  readonly caller: Caller;
  readonly requestId: string;
  readonly idempotencyKey: string | undefined;
  /**
   * What identifies "the same request" under one idempotency key (the contract's
   * `idempotency`); `undefined` on routes that take no key.
   */
  readonly requestIdentity: Record<string, unknown> | undefined;
}

type LambdaHandler<C extends RouteContract> = (request: HttpRequest<C>) => Promise<HttpResult>;

export interface HttpHandlerOptions {
  /**
   * A route that authenticates the raw request itself instead of by bearer token (a webhook
   * signed over its raw body): runs after the body is read as JSON and before it is validated,
   * so an unsigned request learns nothing about the body's shape. Throws to refuse.
   */
  readonly authenticate?: (event: APIGatewayProxyEvent) => Promise<void>;
}

/** The idempotency-key header's format (also what the OpenAPI document states). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export function zodErrors(error: z.core.$ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body;
  if (raw === null || raw === undefined || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpProblem('payload-too-large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  }
  const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/.test(contentType)) {
    throw new HttpProblem('unsupported-media-type', 'Send the body as application/json.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw validationError('The body is not valid JSON.');
  }
}

function validate(schema: z.ZodMiniType | undefined, value: unknown, what: string): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(`The ${what} is not valid.`, zodErrors(parsed.error));
  return parsed.data;
}

/**
 * A path parameter no pattern accepts names nothing, so it is 404 like any unknown id (and never
 * reaches DynamoDB: a key over 2,048 bytes is a ValidationException there, not a miss).
 */
function pathParametersOf(contract: RouteContract, event: APIGatewayProxyEvent): Record<string, string> {
  const patterns: Readonly<Record<string, RegExp | undefined>> = contract.params ?? {};
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    const pattern = Object.hasOwn(patterns, name) ? patterns[name] : ID_PATTERN;
    if (value === undefined || !pattern?.test(value)) throw notFound();
    params[name] = value;
  }
  return params;
}

/**
 * The path prefix of the API's URLs, read from the request itself: what the client asked for
 * (`requestContext.path`) less as many trailing segments as the route's resource has
 * (`resource`, `/groups/{id}`: two). `/v1` on API Gateway's own URL (`https://…/v1/…`), a
 * custom domain's base path (which API Gateway also leaves in `path`), nothing where the API
 * is served from the root (such a domain, the local runtime).
 */
export function stagePath(event: APIGatewayProxyEvent): string {
  const asked = event.requestContext?.path;
  if (!asked || !event.resource) return '';
  const segments = asked.split('/').filter(Boolean);
  const depth = event.resource.split('/').filter(Boolean).length;
  if (depth > segments.length) return '';
  const prefix = segments.slice(0, segments.length - depth);
  return prefix.length ? `/${prefix.join('/')}` : '';
}

/** Handlers (and stored idempotent replies) write locations from the API root; clients resolve them from the host. */
function toGatewayResult(result: HttpResult, contract: RouteContract): APIGatewayProxyResult {
  const headers = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
  // A success body of a route whose contract names another media type than JSON (a CSV export).
  if (headers['content-type'] === undefined && contract.contentType && result.status < 300) headers['content-type'] = contract.contentType;
  const contentType = headers['content-type'];
  if (contentType !== undefined && !/json/.test(contentType)) return { statusCode: result.status, headers, body: String(result.body) };
  return { statusCode: result.status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(result.body) };
}

function withStageLocation(result: APIGatewayProxyResult, event: APIGatewayProxyEvent): APIGatewayProxyResult {
  const location = result.headers?.location;
  const prefix = stagePath(event);
  if (typeof location !== 'string' || !location.startsWith('/') || !prefix) return result;
  return { ...result, headers: { ...result.headers, location: `${prefix}${location}` } };
}

let corsAllowList: { readonly value: string | undefined; readonly origins: readonly string[] } | undefined;

/** Every answer, problems included, carries the CORS headers for an allowed origin (cors.ts). */
function withCors(result: APIGatewayProxyResult, event: APIGatewayProxyEvent): APIGatewayProxyResult {
  const value = optionalEnv(CORS_ALLOWED_ORIGINS_ENV);
  const allowList = corsAllowList && corsAllowList.value === value ? corsAllowList : { value, origins: parseAllowedOrigins(value) };
  corsAllowList = allowList;
  return { ...result, headers: { ...result.headers, ...corsHeaders(event.headers?.origin, allowList.origins) } };
}

function idempotencyKeyOf(event: APIGatewayProxyEvent): string | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw validationError('The idempotency-key header must be 1-128 characters of [A-Za-z0-9_-].', [
      { path: 'idempotency-key', message: 'invalid format' },
    ]);
  }
  return key;
}

/** The contract's declared headers, read from the normalized (lower-case) request headers. */
function declaredHeaders(contract: RouteContract, event: APIGatewayProxyEvent): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(contract.headers ?? {}).map((name) => [name, event.headers?.[name] ?? undefined]));
}

/** The key from the header, or from the body field the contract names (already validated). */
function keyOf(contract: RouteContract, event: APIGatewayProxyEvent, body: unknown): string | undefined {
  const field = contract.idempotency?.keyField;
  if (field === undefined) return contract.idempotency ? idempotencyKeyOf(event) : undefined;
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string') throw new Error(`Invariant: the body schema of ${contract.path} requires ${field} as a string`);
  return value;
}

export function httpHandler<C extends RouteContract>(contract: C, lambdaHandler: LambdaHandler<C>, options: HttpHandlerOptions = {}) {
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = context.awsRequestId;
    try {
      const caller = contract.auth ? callerOf(event) : (undefined as unknown as Caller);
      const json = parseBody(event);
      if (options.authenticate) await options.authenticate(event);
      const body = validate(contract.body, json, 'body') as BodyOf<C>;
      const query = validate(contract.query, event.queryStringParameters ?? {}, 'query string') as QueryOf<C>;
      const params = pathParametersOf(contract, event);
      const idempotencyKey = keyOf(contract, event, body);
      if (contract.movesMoney) assertMayMoveMoney(caller);
      const result = await lambdaHandler({
        event,
        body,
        query,
        params: params as ParamsOf<C>,
        headers: declaredHeaders(contract, event) as HeadersOf<C>,
        caller,
        requestId,
        idempotencyKey,
        requestIdentity: requestIdentity(contract, params, body),
      });
      return withCors(withStageLocation(toGatewayResult(result, contract), event), event);
    } catch (thrown) {
      const error = thrown instanceof DomainError ? problemOfDomainError(thrown) : thrown;
      if (error instanceof HttpProblem) {
        if (error.status >= 500) logger.error('request failed', { error });
        return withCors(problemResponse(error, requestId), event);
      }
      logger.error('unhandled error', { error: error as Error });
      return withCors(problemResponse(internalProblem(), requestId), event);
    }
  };
  // A scope for the correlation id, which acceptCommand names once it knows the command.
  const run = (event: APIGatewayProxyEvent, context: Context) => withCorrelation(undefined, () => handle(event, context));
  // The contract travels with the handler, so a test can check that the manifest lists each
  // handler file with the contract its handler serves.
  return Object.assign(
    middy<APIGatewayProxyEvent, APIGatewayProxyResult>(run)
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(httpHeaderNormalizer()),
    { contract },
  );
}
