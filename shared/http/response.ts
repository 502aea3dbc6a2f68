/**
 * What a route's handler answers: a plain status, body and headers, the same shape command
 * acceptance returns (shared/commands/accept.ts). Only `httpHandler` turns it into an API
 * Gateway result; nothing below the edge knows that shape.
 */
export interface HttpResult {
  readonly status: number;
  /** Sent as JSON, unless `headers['content-type']` names another type (then a string, sent as is). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { status, body, headers };
}

export function noContent(): HttpResult {
  return { status: 204 };
}
