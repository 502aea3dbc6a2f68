/**
 * The errors API Gateway answers itself, before or instead of a handler, as the problems a
 * handler would answer. The stack installs them as gateway responses (keyed by API Gateway's
 * response type); the local runtime answers the same ones. Without them, API Gateway answers
 * `{"message": …}`, and an unknown path is 403 "Missing Authentication Token".
 */
import { HttpProblem, internalProblem, notFound, unauthorized } from './problem';

const rateLimited = new HttpProblem('rate-limited', 'Too many requests. Slow down and try again later.');

export const GATEWAY_PROBLEMS = {
  // No or an invalid bearer token: the authorizer throws `Unauthorized`.
  UNAUTHORIZED: unauthorized(),
  // The authorizer's policy denies the route.
  ACCESS_DENIED: new HttpProblem('forbidden', 'This token may not call this route.'),
  // No such path, or no such method on it (API Gateway's 403, whatever authorization header came).
  MISSING_AUTHENTICATION_TOKEN: notFound('route'),
  RESOURCE_NOT_FOUND: notFound('route'),
  THROTTLED: rateLimited,
  QUOTA_EXCEEDED: rateLimited,
  // API Gateway's payload limit (10 MB); handlers refuse smaller bodies themselves.
  REQUEST_TOO_LARGE: new HttpProblem('payload-too-large', 'The request body is too large.'),
  UNSUPPORTED_MEDIA_TYPE: new HttpProblem('unsupported-media-type', 'Send the body as application/json.'),
  // Every other 4xx API Gateway can answer here (API key, WAF, IAM signature) is a 403.
  DEFAULT_4XX: new HttpProblem('forbidden', 'The request was refused.'),
  // The authorizer failing (anything but `Unauthorized`), a handler crashing or timing out:
  // API.md's one server error is `internal` (500).
  DEFAULT_5XX: internalProblem(),
} as const satisfies Record<string, HttpProblem>;

export type GatewayResponseType = keyof typeof GATEWAY_PROBLEMS;

/**
 * API Gateway's convention for Lambda authorizers: throwing exactly this message answers
 * UNAUTHORIZED (401); throwing anything else is the authorizer failing (DEFAULT_5XX, 500).
 */
export const AUTHORIZER_DENIAL = 'Unauthorized';

export const isAuthorizerDenial = (error: unknown): boolean => error instanceof Error && error.message === AUTHORIZER_DENIAL;

/** The `Allow` header of a known path: its routes' methods and OPTIONS, in a stable order. */
export function allowedMethods(methods: readonly string[]): string {
  return [...new Set([...methods, 'OPTIONS'])].sort().join(', ');
}

/** A known path asked with a method it lacks: the local runtime and the stack's ANY methods answer this. */
export const methodNotAllowed = (allow: string): HttpProblem =>
  new HttpProblem('method-not-allowed', `This path answers ${allow}.`, { headers: { allow } });
