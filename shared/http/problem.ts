/**
 * RFC 9457 problem details: the one shape every HTTP error leaves in.
 * `HttpProblem` is thrown by handlers and middlewares; `problemResponse` renders it.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { DomainError, DomainErrorReason, FieldError } from '../domain/errors';
import type { ProblemDetails } from './problem-schema';

export type { FieldError } from '../domain/errors';

export type ProblemType =
  | 'validation-error'
  | 'unauthorized'
  | 'forbidden'
  | 'email-not-verified'
  | 'not-found'
  | 'method-not-allowed'
  | 'idempotency-key-reused'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'precondition-failed'
  | 'precondition-required'
  | 'internal';

const TITLES: Record<ProblemType, string> = {
  'validation-error': 'Your request is not valid',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  'email-not-verified': 'Email not verified',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'idempotency-key-reused': 'Idempotency key reused with a different request',
  conflict: 'Conflict',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'rate-limited': 'Too many requests',
  'precondition-failed': 'Precondition failed',
  'precondition-required': 'Precondition required',
  internal: 'Internal error',
};

const STATUS: Record<ProblemType, number> = {
  'validation-error': 400,
  unauthorized: 401,
  forbidden: 403,
  'email-not-verified': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'idempotency-key-reused': 409,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'precondition-failed': 412,
  'precondition-required': 428,
  internal: 500,
};

export class HttpProblem extends Error {
  readonly type: ProblemType;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** middy convention: only errors below 500 may show their message to the client. */
  readonly expose: boolean;

  constructor(type: ProblemType, detail: string, options: { errors?: readonly FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = 'HttpProblem';
    this.type = type;
    this.status = STATUS[type];
    this.title = TITLES[type];
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.expose = this.status < 500;
  }
}

export const notFound = (what = 'resource'): HttpProblem => new HttpProblem('not-found', `No such ${what}.`);
export const validationError = (detail: string, errors?: readonly FieldError[]): HttpProblem =>
  new HttpProblem('validation-error', detail, errors ? { errors } : {});
export const conflict = (detail: string): HttpProblem => new HttpProblem('conflict', detail);
export const unauthorized = (detail = 'A valid bearer token is required.'): HttpProblem => new HttpProblem('unauthorized', detail);

const PROBLEM_OF_REASON: Record<DomainErrorReason, ProblemType> = {
  invalid: 'validation-error',
  'not-found': 'not-found',
  forbidden: 'forbidden',
  conflict: 'conflict',
  'idempotency-key-reused': 'idempotency-key-reused',
};

/** The one mapping of domain errors to problem details (httpHandler applies it to whatever a handler throws). */
export function problemOfDomainError(error: DomainError): HttpProblem {
  return new HttpProblem(PROBLEM_OF_REASON[error.reason], error.detail, error.errors ? { errors: error.errors } : {});
}

export function problemResponse(problem: HttpProblem, requestId?: string): APIGatewayProxyResult {
  const body: ProblemDetails = {
    type: problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: [...problem.errors] } : {}),
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
    body: JSON.stringify(body),
  };
}

/** Anything that is not an HttpProblem is a bug or an infrastructure fault: answer 500, reveal nothing. */
export function internalProblem(): HttpProblem {
  return new HttpProblem('internal', 'Something went wrong on our side. Try again later.');
}
