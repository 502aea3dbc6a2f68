/**
 * A typed client for the Evenly HTTP API, used by the `evenly` CLI and the end-to-end
 * tests. Response types come from the same zod schemas the handlers validate with.
 * Errors are thrown as `EvenlyApiError` carrying the problem details.
 */
import type { z } from 'zod';
import type { SessionResponseSchema, User } from '../auth/schemas';

export type Session = z.infer<typeof SessionResponseSchema>;

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: { path: string; message: string }[];
}

export class EvenlyApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.type}: ${problem.detail ?? problem.title}`);
    this.name = 'EvenlyApiError';
  }
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly headers?: Record<string, string>;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly accessToken?: string;
  /** Called on a 401 to get a fresh access token (e.g. by refreshing the session); one retry. */
  readonly onUnauthorized?: () => Promise<string | undefined>;
}

export class EvenlyClient {
  private accessToken: string | undefined;

  constructor(private readonly options: ClientOptions) {
    this.accessToken = options.accessToken;
  }

  get token(): string | undefined {
    return this.accessToken;
  }

  withToken(accessToken: string): EvenlyClient {
    return new EvenlyClient({ ...this.options, accessToken });
  }

  /** Low-level call: returns status, headers and parsed body whatever the status. */
  async raw<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const send = (token: string | undefined) =>
      fetch(url, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
          ...(options.headers ?? {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    let response = await send(this.accessToken);
    if (response.status === 401 && this.accessToken && this.options.onUnauthorized) {
      const fresh = await this.options.onUnauthorized();
      if (fresh) {
        this.accessToken = fresh;
        response = await send(fresh);
      }
    }
    const text = await response.text();
    const body = (text ? JSON.parse(text) : undefined) as T;
    return { status: response.status, headers: response.headers, body };
  }

  /** Throws EvenlyApiError on any non-2xx answer. */
  async call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.raw<T>(method, path, options);
    if (response.status >= 400) throw new EvenlyApiError(response.status, response.body as unknown as Problem);
    return response.body;
  }

  // Users and sessions
  register(input: { email: string; password: string; name: string }): Promise<Session> {
    return this.call('POST', '/auth/register', { body: input });
  }
  login(input: { email: string; password: string }): Promise<Session> {
    return this.call('POST', '/auth/login', { body: input });
  }
  refresh(refreshToken: string): Promise<Session> {
    return this.call('POST', '/auth/refresh', { body: { refreshToken } });
  }
  logout(refreshToken: string): Promise<void> {
    return this.call('POST', '/auth/logout', { body: { refreshToken } });
  }
  me(): Promise<User> {
    return this.call('GET', '/me');
  }

  /** Polls `get` until `isDone` holds, for at most `timeoutMs`. */
  async waitFor<T>(get: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await get();
      if (isDone(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
