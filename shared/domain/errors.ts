/**
 * Typed domain errors: what the core and the adapters throw when a request cannot be served
 * as asked (an unknown or foreign resource, an invalid value, a rule that refuses it). They
 * know nothing of HTTP; the HTTP edge maps them to problem details in one place
 * (`problemOfDomainError` in shared/http/problem.ts), and a queue processor never sees one.
 */

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type DomainErrorReason = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'idempotency-key-reused';

export class DomainError extends Error {
  readonly reason: DomainErrorReason;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;

  constructor(reason: DomainErrorReason, detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.name = 'DomainError';
    this.reason = reason;
    this.detail = detail;
    this.errors = errors;
  }
}

/** What the caller may not see does not exist for them: unknown and foreign look alike. */
export const notFound = (what = 'resource'): DomainError => new DomainError('not-found', `No such ${what}.`);
export const invalid = (detail: string, errors?: readonly FieldError[]): DomainError => new DomainError('invalid', detail, errors);
export const forbidden = (detail: string): DomainError => new DomainError('forbidden', detail);
export const conflict = (detail: string): DomainError => new DomainError('conflict', detail);
