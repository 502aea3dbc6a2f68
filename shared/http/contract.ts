/**
 * One contract object per REST route: method, path, auth, path parameters, query, body, the
 * request headers its handler reads, response (and its media type), success status,
 * idempotency identity, whether it moves money, and summary. It is the only place these facts
 * are written; everything else reads them:
 *
 * - the manifest lists each contract with its handler file (and grants);
 * - `httpHandler(contract, …)` takes auth, body, query, headers and typed path parameters from it;
 * - the OpenAPI document is built from the contracts alone (shared/openapi/document.ts);
 * - the typed client sends requests by contract (shared/client/evenly-client.ts), its input
 *   types `z.input` of the body schema and its answers `z.infer` of the response schema.
 *
 * Adding a route: declare its contract with `defineRoute` in its domain's `routes.ts`
 * (beside that domain's `schemas.ts`), list it in the manifest with its handler, write the
 * handler as `httpHandler(contract, …)`, and add a client method calling `this.send(contract, …)`.
 * The agreement test (test/unit/http/contracts.test.ts) fails until all four line up.
 *
 * Plain data and zod only: the client, the console and the manifest import it.
 */
import * as z from '../validation/zod';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The body of a route that takes none and refuses one (anything sent is a 400, never silently
 * ignored): the document states no request body, and the client sends none.
 */
export const NoBodySchema = z.undefined('send no body');

/** A 429 of the per-address limits on the routes anyone can call without a token (shared/http/rate-limit.ts). */
export const RATE_LIMITED: ErrorDoc = {
  description: 'Too many requests from this address (rate-limited)',
  headers: { 'retry-after': 'Seconds until a request is allowed again' },
};

/** The names of a path's `{name}` parameters: `'/groups/{id}/expenses/{expenseId}'` → `'id' | 'expenseId'`. */
export type PathParamName<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamName<Rest> : never;
export type PathParams<P extends string> = { readonly [K in PathParamName<P>]: string };

/**
 * An error status a route answers: what it means (the body is problem details), or its
 * own body when it is not problem details (`GET /health` answers 503 with the health report).
 */
export type ErrorDoc =
  | string
  | { readonly description: string; readonly response?: z.ZodMiniType; readonly headers?: Readonly<Record<string, string>> };

/** A request header a route reads besides those every route shares (authorization, content-type, idempotency-key). */
export interface HeaderDoc {
  readonly description: string;
  /**
   * The route refuses a request without it, with the status its contract's `errors` name
   * (the handler decides: a missing If-Match is 428, a missing signature 401, neither a 400).
   */
  readonly required: boolean;
}

/** A success answer besides the contract's `status`: what it means and its body. */
export interface SuccessDoc {
  readonly description: string;
  readonly response?: z.ZodMiniType;
}

/**
 * What makes two requests under one idempotency key "the same request": the identity (stored
 * in every idempotency record, so never renamed: a renamed identity turns a retry within 24 h
 * into a 409), the path parameters under the names given here, and the parsed body.
 */
export interface IdempotencySpec<P extends string> {
  readonly identity: string;
  /** Name in the identity → path parameter it takes its value from. */
  readonly params?: Readonly<Record<string, PathParamName<P>>>;
  /**
   * The body field whose value is the key, for a caller that names its requests in the body
   * (a payment provider's event id) instead of with the `idempotency-key` header.
   */
  readonly keyField?: string;
}

export interface RouteContract<
  P extends string = string,
  B extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  Q extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  R extends z.ZodMiniType | undefined = z.ZodMiniType | undefined,
  H extends string = string,
> {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: P;
  /** `true`: the Lambda authorizer must accept the bearer token first. */
  readonly auth: boolean;
  readonly summary: string;
  readonly tag: string;
  /**
   * What each path parameter must match; a value that does not is a 404 like any unknown id.
   * A parameter not listed is an id (`ID_PATTERN`).
   */
  readonly params?: Readonly<Partial<Record<PathParamName<P>, RegExp>>>;
  readonly query?: Q;
  readonly body?: B;
  /** Request headers the handler reads (`request.headers`), by lower-case name. */
  readonly headers?: Readonly<Record<H, HeaderDoc>>;
  /**
   * A command that moves money: where verification is required (REQUIRE_VERIFIED_EMAIL), a
   * caller whose email is not verified is refused 403 `email-not-verified` before the handler runs.
   */
  readonly movesMoney?: boolean;
  /** Success status. */
  readonly status: number;
  readonly response?: R;
  /**
   * The success body's media type when it is not JSON (the body is then text, e.g.
   * `text/csv; charset=utf-8`); httpHandler sends it as the content-type.
   */
  readonly contentType?: string;
  /** Success answers besides `status`, by status (an invitation's 202 beside a membership's 201). */
  readonly otherSuccesses?: Readonly<Record<number, SuccessDoc>>;
  /**
   * Accepts an idempotency-key header (or names its key in the body); absent for routes that
   * are idempotent by themselves or read only.
   */
  readonly idempotency?: IdempotencySpec<P>;
  /**
   * The error statuses the route's own handler decides (a rule it enforces), by status.
   * Those the shared HTTP handler gives every route of a shape (validation, auth, unknown
   * path ids, body limits) are added by the document builder; an entry here for one of
   * those replaces its generic description.
   */
  readonly errors?: Readonly<Record<number, ErrorDoc>>;
}

/** Declares a route contract, keeping its path literal so its parameters are typed. */
export function defineRoute<
  const P extends string,
  B extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
  R extends z.ZodMiniType | undefined = undefined,
  const H extends string = never,
>(contract: RouteContract<P, B, Q, R, H>): RouteContract<P, B, Q, R, H> {
  return contract;
}

/** The parsed body a contract's handler receives. */
export type BodyOf<C> = C extends RouteContract<string, infer B> ? (B extends z.ZodMiniType ? z.infer<B> : undefined) : never;
/** The parsed query a contract's handler receives. */
export type QueryOf<C> =
  C extends RouteContract<string, z.ZodMiniType | undefined, infer Q>
    ? Q extends z.ZodMiniType
      ? z.infer<Q>
      : Record<string, never>
    : never;
/** What a client sends as the body (before defaults and trimming). */
export type BodyInputOf<C> = C extends RouteContract<string, infer B> ? (B extends z.ZodMiniType ? z.input<B> : undefined) : never;
/** What a client sends as the query. */
export type QueryInputOf<C> =
  C extends RouteContract<string, z.ZodMiniType | undefined, infer Q> ? (Q extends z.ZodMiniType ? z.input<Q> : undefined) : never;
/** What the route answers on success. */
export type ResponseOf<C> =
  C extends RouteContract<string, z.ZodMiniType | undefined, z.ZodMiniType | undefined, infer R>
    ? R extends z.ZodMiniType
      ? z.infer<R>
      : undefined
    : never;
export type ParamsOf<C> = C extends RouteContract<infer P> ? PathParams<P> : never;
/** The names of the request headers a contract declares. */
export type HeaderNameOf<C> =
  C extends RouteContract<string, z.ZodMiniType | undefined, z.ZodMiniType | undefined, z.ZodMiniType | undefined, infer H> ? H : never;
/** The declared request headers as a handler receives them: each value, or undefined when not sent. */
export type HeadersOf<C> = { readonly [K in HeaderNameOf<C>]: string | undefined };

/** `POST /transfers`: how a route is named in logs, tests and errors. */
export const operationName = (contract: RouteContract): string => `${contract.method} ${contract.path}`;

/** The names of a contract's path parameters, in path order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/** A contract's path with its parameters filled in (each URI-encoded). */
export function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Invariant: path parameter ${name} of ${path} is given`);
    return encodeURIComponent(value);
  });
}

/** The identity of a request for idempotency (see `IdempotencySpec`). */
export function requestIdentity(
  contract: RouteContract,
  params: Readonly<Record<string, string>>,
  body: unknown,
): Record<string, unknown> | undefined {
  const spec = contract.idempotency;
  if (!spec) return undefined;
  const named = Object.fromEntries(Object.entries(spec.params ?? {}).map(([as, from]) => [as, params[from as string]]));
  return { route: spec.identity, ...named, body };
}
