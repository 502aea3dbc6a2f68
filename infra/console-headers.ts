/**
 * The security headers of the web console, served alike by the local runtime and by
 * CloudFront (the stack's response headers policy): a Content-Security-Policy that lets the
 * page load only its own files and talk only to its own origin, the API and the WebSocket API.
 */

/**
 * Each directive the console needs, and nothing else (`default-src 'none'` denies the rest).
 * A policy in a meta element leaves out `frame-ancestors`, which browsers ignore there.
 */
export function consoleContentSecurityPolicy(connectOrigins: readonly string[], options: { inMetaElement?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.inMetaElement ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}

export const CONSOLE_REFERRER_POLICY = 'no-referrer';
export const CONSOLE_FRAME_OPTIONS = 'DENY';
/** Two years, the HSTS preload list's minimum being one. */
export const CONSOLE_HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60;

/** The headers of every answer of the local console server (HSTS is left to HTTPS, i.e. CloudFront). */
export function consoleSecurityHeaders(config: { apiUrl: string; wsUrl: string }): Record<string, string> {
  return {
    'content-security-policy': consoleContentSecurityPolicy([new URL(config.apiUrl).origin, new URL(config.wsUrl).origin]),
    'x-content-type-options': 'nosniff',
    'x-frame-options': CONSOLE_FRAME_OPTIONS,
    'referrer-policy': CONSOLE_REFERRER_POLICY,
  };
}
