/**
 * `httpHandler` wraps a route's `lambdaHandler` in the middy chain every REST route
 * shares: logging context → body size limit → content-type and JSON parsing →
 * zod validation → the handler → problem details on any error.
 *
 * The JSON parser is ours, not @middy/http-json-body-parser: that one answers 422 for
 * malformed JSON, and our contract says 400.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { optionalEnv } from '../config/env';
import { withCorrelation } from '../observability/correlation';
import { ID_PATTERN, SKU_PATTERN } from '../validation/ids';
import * as z from '../validation/zod';
import { type Caller, callerOf } from './caller';
import { CORS_ALLOWED_ORIGINS_ENV, corsHeaders, parseAllowedOrigins } from './cors';
import { logger } from './logger';
import { HttpProblem, internalProblem, notFound, problemResponse, validationError } from './problem';

/** Request bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<TBody, TQuery> {
  readonly event: APIGatewayProxyEvent;
  readonly body: TBody;
  readonly query: TQuery;
  readonly params: Readonly<Record<string, string>>;
  /** Present on routes declared `auth: true`. */
  readonly caller: Caller;
  readonly requestId: string;
  readonly idempotencyKey: string | undefined;
}

export interface HttpHandlerOptions<TBody, TQuery> {
  readonly body?: z.ZodMiniType<TBody>;
  readonly query?: z.ZodMiniType<TQuery>;
  /** `false` for public routes (health, register, login, refresh). */
  readonly auth?: boolean;
}

type LambdaHandler<TBody, TQuery> = (request: HttpRequest<TBody, TQuery>) => Promise<APIGatewayProxyResult>;

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

function validate<T>(schema: z.ZodMiniType<T> | undefined, value: unknown, what: string): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(`The ${what} is not valid.`, zodErrors(parsed.error));
  return parsed.data;
}

/**
 * What each path parameter may be: the pattern a body naming that resource must match.
 * Every `{name}` not listed is an id (`{id}`, `{expenseId}`, a queue `{name}`).
 */
const PATH_PARAMETER_PATTERNS: Readonly<Record<string, RegExp>> = { sku: SKU_PATTERN };

/**
 * A path parameter no pattern accepts names nothing, so it is 404 like any unknown id (and never
 * reaches DynamoDB: a key over 2,048 bytes is a ValidationException there, not a miss).
 */
function pathParametersOf(event: APIGatewayProxyEvent): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    const pattern = Object.hasOwn(PATH_PARAMETER_PATTERNS, name) ? PATH_PARAMETER_PATTERNS[name] : ID_PATTERN;
    if (value === undefined || !pattern?.test(value)) throw notFound();
    params[name] = value;
  }
  return params;
}

/**
 * The path prefix of the API's URLs: `/{stage}` on API Gateway (`https://…/v1/…`), nothing on
 * the local runtime, which serves from the root.
 */
export function stagePath(event: APIGatewayProxyEvent): string {
  const stage = event.requestContext?.stage;
  return stage && event.requestContext.apiId !== 'local' ? `/${stage}` : '';
}

/** Handlers (and stored idempotent replies) write locations from the API root; clients resolve them from the host. */
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

export function httpHandler<TBody = undefined, TQuery = Record<string, never>>(
  options: HttpHandlerOptions<TBody, TQuery>,
  lambdaHandler: LambdaHandler<TBody, TQuery>,
) {
  const requiresAuth = options.auth ?? true;
  // A scope for the correlation id, which acceptCommand names once it knows the command.
  const run = (event: APIGatewayProxyEvent, context: Context) => withCorrelation(undefined, () => handle(event, context));
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = context.awsRequestId;
    try {
      const caller = requiresAuth ? callerOf(event) : (undefined as unknown as Caller);
      const body = validate(options.body, parseBody(event), 'body');
      const query = validate(options.query, event.queryStringParameters ?? {}, 'query string');
      const params = pathParametersOf(event);
      const result = await lambdaHandler({
        event,
        body,
        query,
        params,
        caller,
        requestId,
        idempotencyKey: idempotencyKeyOf(event),
      });
      return withCors(withStageLocation(result, event), event);
    } catch (error) {
      if (error instanceof HttpProblem) {
        if (error.status >= 500) logger.error('request failed', { error });
        return withCors(problemResponse(error, requestId), event);
      }
      logger.error('unhandled error', { error: error as Error });
      return withCors(problemResponse(internalProblem(), requestId), event);
    }
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer());
}
