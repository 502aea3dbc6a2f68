/**
 * CORS for the web console (and any other browser client on the allow-list): one list of
 * allowed origins, `CORS_ALLOWED_ORIGINS` (comma-separated). A response carries
 * `access-control-allow-origin` only for an origin on the list, and only that origin,
 * never `*`: the API authenticates with a bearer header, not cookies, so no response sets
 * `access-control-allow-credentials` either. Read by the shared HTTP layer (handler.ts), the
 * local runtime (preflights and its own answers) and the stack (preflight methods and
 * gateway responses), so the three answer alike.
 */

export const CORS_ALLOWED_ORIGINS_ENV = 'CORS_ALLOWED_ORIGINS';

/** What a browser may send beyond the CORS-safelisted headers. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match'] as const;
export const CORS_ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Headers a script may read: where a created resource lives, when to retry, the request id to quote. */
export const CORS_EXPOSED_HEADERS = ['location', 'retry-after', 'x-request-id', 'etag'] as const;
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 h). */
export const CORS_MAX_AGE_SECONDS = 600;

/** `https://a.example, http://127.0.0.1:3002` → the origins; a wildcard is refused, not widened. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (origin === '*' || !/^https?:\/\/[^/\s*]+$/.test(origin)) {
      throw new Error(`${CORS_ALLOWED_ORIGINS_ENV}: "${origin}" is not an origin (scheme://host[:port], no path, no wildcard)`);
    }
  }
  return origins;
}

/** The headers every answer to `origin` carries; none for an origin not on the list. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  // Vary either way: a cache must not hand one origin's answer to another.
  if (!origin || !allowed.includes(origin)) return { vary: 'origin' };
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '), vary: 'origin' };
}

/** The answer to a preflight (`OPTIONS` with `access-control-request-method`) from `origin`. */
export function preflightHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  const headers = corsHeaders(origin, allowed);
  if (!headers['access-control-allow-origin']) return headers;
  return {
    ...headers,
    'access-control-allow-methods': CORS_ALLOWED_METHODS.join(', '),
    'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
  };
}

/** The origin header of a request whose header names may be in any case (before normalization). */
export function originOf(headers: Readonly<Record<string, string | undefined>> | null | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'origin') return value;
  return undefined;
}
