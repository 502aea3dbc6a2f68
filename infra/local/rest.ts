/**
 * The REST API emulation: matches manifest routes, builds a real
 * `APIGatewayProxyEvent`, runs the TOKEN authorizer for `auth: true` routes (with a
 * per-token result cache for the manifest's time, as API Gateway does) and returns the handler's result.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { manifest as defaultManifest, type Manifest, type RouteSpec, API_STAGE as STAGE } from '../../manifest/manifest';
import { CORS_ALLOWED_ORIGINS_ENV, corsHeaders, parseAllowedOrigins, preflightHeaders } from '../../shared/http/cors';
import { allowedMethods, GATEWAY_PROBLEMS, isAuthorizerDenial, methodNotAllowed } from '../../shared/http/gateway-problems';
import { type HttpProblem, problemResponse, validationError } from '../../shared/http/problem';
import { readBody } from './http-body';
import { invoke } from './lambda';
import { listenLocally } from './ports';

/** API Gateway's payload limit for REST APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly names: string[];
}

function compile(route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
    names.push(a ?? b);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

/**
 * API Gateway finds the resource first, then its method, and a literal segment wins over a
 * `{param}` one at the same level: DELETE /groups/g/members/me is the `me` resource's (405),
 * not `{userId}`'s. Lower ranks first: a 0 for each literal segment, a 1 for each parameter.
 */
const resourceRank = (path: string): string =>
  path
    .split('/')
    .map((segment) => (segment.startsWith('{') ? '1' : '0'))
    .join('');

/** Answers as API Gateway's gateway responses do in the stack (shared/http/gateway-problems.ts). */
function answer(res: ServerResponse, problem: HttpProblem, requestId: string, cors: Record<string, string> = {}): void {
  const response = problemResponse(problem, requestId);
  res.writeHead(response.statusCode, { ...response.headers, ...cors, 'x-request-id': requestId });
  res.end(response.body);
}

/** `undefined` when a segment is not valid percent-encoded UTF-8 (`%`, `%E0%A4%A`): nothing can match it. */
function decodePathParameters(names: readonly string[], rawValues: readonly (string | undefined)[]): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(rawValues[i] ?? '')]));
  } catch {
    return undefined;
  }
}

/**
 * Headers as API Gateway passes them: every name as sent, the last value in `headers`, all of
 * them in `multiValueHeaders`. Collected in Maps so a header named `constructor` or `__proto__`
 * is an ordinary entry rather than a hit on `Object.prototype`; `Object.fromEntries` then makes
 * own properties, as JSON.parse does for the event a real Lambda receives.
 */
function headerMaps(rawHeaders: readonly string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const single = new Map<string, string>();
  const multi = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    single.set(name, value);
    const values = multi.get(name);
    if (values) values.push(value);
    else multi.set(name, [value]);
  }
  return { headers: Object.fromEntries(single), multiValueHeaders: Object.fromEntries(multi) };
}

type AuthOutcome = { allow: true; context: Record<string, unknown> } | { allow: false; problem: HttpProblem };

/** An answer of the local runtime's own (`/_local/...`), not of a manifest route. */
export interface LocalAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface RestOptions {
  readonly port: number;
  readonly manifest?: Manifest;
  readonly log?: (line: string) => void;
  /** Routes only this runtime serves (the local mailbox): `undefined` for any other request. */
  readonly localRoutes?: (method: string, url: URL) => Promise<LocalAnswer | undefined>;
}

export interface LocalRest {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startRest(options: RestOptions): Promise<LocalRest> {
  const m = options.manifest ?? defaultManifest;
  const routes = m.routes.map(compile);
  const authCache = new Map<string, { outcome: AuthOutcome; until: number }>();

  async function authorize(header: string | undefined, methodArn: string): Promise<AuthOutcome> {
    if (!header) return { allow: false, problem: GATEWAY_PROBLEMS.UNAUTHORIZED };
    const cached = authCache.get(header);
    if (cached && cached.until > Date.now()) return cached.outcome;
    let outcome: AuthOutcome;
    try {
      const result = await invoke<APIGatewayAuthorizerResult>(m.authorizer.handler, {
        type: 'TOKEN',
        authorizationToken: header,
        methodArn,
      });
      const allowed = result.policyDocument.Statement.some((s) => s.Effect === 'Allow');
      outcome = allowed
        ? { allow: true, context: { ...(result.context ?? {}), principalId: result.principalId } }
        : { allow: false, problem: GATEWAY_PROBLEMS.ACCESS_DENIED };
    } catch (error) {
      if (!isAuthorizerDenial(error)) {
        options.log?.(`the authorizer failed: ${(error as Error).stack ?? String(error)}`);
        return { allow: false, problem: GATEWAY_PROBLEMS.DEFAULT_5XX };
      }
      outcome = { allow: false, problem: GATEWAY_PROBLEMS.UNAUTHORIZED };
    }
    // API Gateway caches allow and deny policies, never a 401 or a failure.
    if (outcome.allow || outcome.problem === GATEWAY_PROBLEMS.ACCESS_DENIED)
      authCache.set(header, { outcome, until: Date.now() + m.authorizer.resultsCacheTtlSeconds * 1_000 });
    return outcome;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const candidates = routes.map((r) => ({ r, match: r.pattern.exec(url.pathname) })).filter((x) => x.match);
    const resource = candidates.map((x) => x.r.route.path).sort((a, b) => resourceRank(a).localeCompare(resourceRank(b)))[0];
    const matches = candidates.filter((x) => x.r.route.path === resource);
    const requestId = randomUUID();
    // As the stack's gateway responses do, answers of the gateway's own carry the CORS headers.
    const allowedOrigins = parseAllowedOrigins(process.env[CORS_ALLOWED_ORIGINS_ENV]);
    const cors = corsHeaders(req.headers.origin, allowedOrigins);
    if (method === 'OPTIONS' && matches.length > 0) {
      // The stack's preflight methods (a mock integration per resource) answer the same.
      res.writeHead(204, { ...preflightHeaders(req.headers.origin, allowedOrigins), 'x-request-id': requestId });
      return void res.end();
    }
    const local = await options.localRoutes?.(method, url);
    if (local) {
      res.writeHead(local.statusCode, { ...local.headers, ...cors, 'x-request-id': requestId });
      return void res.end(local.body);
    }
    const hit = matches.find((x) => x.r.route.method === method);
    if (!hit && matches.length > 0) {
      // A known path with another method: 405 naming the methods it has, as the stack's ANY methods answer.
      const allow = allowedMethods(matches.map((x) => x.r.route.method));
      return answer(res, methodNotAllowed(allow), requestId, { ...cors, allow });
    }
    if (!hit) return answer(res, GATEWAY_PROBLEMS.MISSING_AUTHENTICATION_TOKEN, requestId, cors);
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === 'too-large') return answer(res, GATEWAY_PROBLEMS.REQUEST_TOO_LARGE, requestId, cors);
    const { route, names } = hit.r;
    const pathParameters = decodePathParameters(names, hit.match?.slice(1) ?? []);
    if (!pathParameters) return answer(res, validationError('The path is not valid percent-encoding.'), requestId, cors);
    const methodArn = `arn:aws:execute-api:us-east-1:000000000000:local/${STAGE}/${method}${route.path}`;
    let authorizer: Record<string, unknown> | null = null;
    if (route.auth) {
      const outcome = await authorize(req.headers.authorization, methodArn);
      if (!outcome.allow) return answer(res, outcome.problem, requestId, cors);
      authorizer = outcome.context;
    }
    const { headers, multiValueHeaders } = headerMaps(req.rawHeaders);
    const query = [...url.searchParams.keys()];
    const event: APIGatewayProxyEvent = {
      resource: route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: query.length ? Object.fromEntries(url.searchParams.entries()) : null,
      multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((k) => [k, url.searchParams.getAll(k)])) : null,
      pathParameters: names.length ? pathParameters : null,
      stageVariables: null,
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? null } as never,
        // Served from the root, as through a custom domain without a base path: the path as asked.
        path: url.pathname,
        stage: STAGE,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: route.path,
      },
    };
    let result: APIGatewayProxyResult;
    try {
      result = await invoke<APIGatewayProxyResult>(route.handler, event);
    } catch (error) {
      // Lambda reports the crash to API Gateway, whose DEFAULT_5XX gateway response answers it.
      options.log?.(`${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
      return answer(res, GATEWAY_PROBLEMS.DEFAULT_5XX, requestId, cors);
    }
    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k.toLowerCase()] = String(v);
    res.writeHead(result.statusCode, outHeaders);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      options.log?.(`request failed: ${error.message}`);
      if (!res.headersSent) answer(res, GATEWAY_PROBLEMS.DEFAULT_5XX, randomUUID());
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  const listening = await listenLocally(server, options.port);
  const { port } = listening;
  return { url: `http://127.0.0.1:${port}`, port, stop: listening.close };
}
