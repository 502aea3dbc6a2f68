/**
 * What the client throws on an error answer. The API answers RFC 9457 problem details,
 * but what sits in front of it may not (a gateway's `{"message": …}`, a proxy's HTML
 * page), so any other body becomes a problem with type `about:blank`, as RFC 9457
 * prescribes when there is no type: title from the status, detail from the body's message.
 */

import type { ProblemDetails } from '../http/problem-schema';

/** Problem details as the API answers them, with `detail` optional: a body that is none may have no message. */
export type Problem = Omit<ProblemDetails, 'detail' | 'instance'> & { readonly detail?: string };

/** The type RFC 9457 gives a problem that is nothing more than its HTTP status. */
export const UNTYPED_PROBLEM = 'about:blank';

/** The longest detail taken from a body that is not problem details (one line of text). */
const MAX_DETAIL_CHARS = 200;

export class EvenlyApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.type}: ${problem.detail ?? problem.title}`);
    this.name = 'EvenlyApiError';
  }
}

function isProblem(body: unknown): body is Problem {
  const b = body as Partial<Problem> | null;
  return typeof b === 'object' && b !== null && typeof b.type === 'string' && typeof b.title === 'string' && typeof b.status === 'number';
}

/** A message in a body that is not problem details: `{"message"}` (API Gateway), `{"error"}`, or one line of plain text. */
function messageOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const fields = body as Record<string, unknown>;
    const message = [fields.message, fields.error, fields.detail].find((v) => typeof v === 'string' && v.trim() !== '');
    return (message as string | undefined)?.trim().slice(0, MAX_DETAIL_CHARS);
  }
  // Markup (an HTML error page) says nothing a terminal can show; the status title will do.
  if (typeof body !== 'string' || /^\s*</.test(body)) return undefined;
  return body.trim().split('\n')[0]?.trim().slice(0, MAX_DETAIL_CHARS) || undefined;
}

/** The problem an error answer stands for, whatever its body. */
export function problemOf(status: number, statusText: string, body: unknown): Problem {
  if (isProblem(body)) return body;
  const detail = messageOf(body);
  return { type: UNTYPED_PROBLEM, title: statusText || `HTTP ${status}`, status, ...(detail ? { detail } : {}) };
}

/** A body as the server sent it: parsed JSON when it is JSON, else the text (undefined when empty). */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
