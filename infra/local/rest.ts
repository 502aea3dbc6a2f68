/**
 * The REST API emulation: matches manifest routes, builds a real
 * `APIGatewayProxyEvent`, runs the TOKEN authorizer for `auth: true` routes (with a
 * per-token result cache for the manifest's time, as API Gateway does) and returns the handler's result.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { manifest as defaultManifest, type Manifest, type RouteSpec } from '../manifest';
import { invoke } from './lambda';

/** API Gateway's payload limit for REST APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const STAGE = 'v1';

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

function problem(res: ServerResponse, status: number, type: string, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type, title, status, detail }));
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

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

type AuthOutcome = { allow: true; context: Record<string, unknown> } | { allow: false; status: 401 | 403 };

export interface RestOptions {
  readonly port: number;
  readonly manifest?: Manifest;
  readonly log?: (line: string) => void;
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
    if (!header) return { allow: false, status: 401 };
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
        : { allow: false, status: 403 };
    } catch {
      outcome = { allow: false, status: 401 };
    }
    if (outcome.allow || outcome.status === 403)
      authCache.set(header, { outcome, until: Date.now() + m.authorizer.resultsCacheTtlSeconds * 1_000 });
    return outcome;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const matches = routes.map((r) => ({ r, match: r.pattern.exec(url.pathname) })).filter((x) => x.match);
    const hit = matches.find((x) => x.r.route.method === method);
    if (!hit) {
      if (matches.length > 0)
        return problem(res, 405, 'method-not-allowed', 'Method not allowed', `${method} is not supported on ${url.pathname}.`);
      return problem(res, 404, 'not-found', 'Not found', `No route for ${method} ${url.pathname}.`);
    }
    const body = await readBody(req);
    if (body === 'too-large') return problem(res, 413, 'payload-too-large', 'Payload too large', 'The request body is too large.');
    const { route, names } = hit.r;
    const pathParameters = decodePathParameters(names, hit.match?.slice(1) ?? []);
    if (!pathParameters)
      return problem(res, 400, 'validation-error', 'Your request is not valid', 'The path is not valid percent-encoding.');
    const requestId = randomUUID();
    const methodArn = `arn:aws:execute-api:us-east-1:000000000000:local/${STAGE}/${method}${route.path}`;
    let authorizer: Record<string, unknown> | null = null;
    if (route.auth) {
      const outcome = await authorize(req.headers.authorization, methodArn);
      if (!outcome.allow) {
        return outcome.status === 401
          ? problem(res, 401, 'unauthorized', 'Authentication required', 'A valid bearer token is required.')
          : problem(res, 403, 'forbidden', 'Not allowed', 'This token may not call this route.');
      }
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
        path: `/${STAGE}${url.pathname}`,
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
      options.log?.(`${method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}`);
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal server error' }));
      return;
    }
    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k.toLowerCase()] = String(v);
    res.writeHead(result.statusCode, outHeaders);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      options.log?.(`request failed: ${error.message}`);
      if (!res.headersSent) problem(res, 500, 'internal', 'Internal error', 'Something went wrong.');
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
