/**
 * What the local runtime answers in API Gateway's place (no route, no or a refused token,
 * a failing authorizer, a crashing handler, a body over 10 MB) is exactly the problem the
 * stack's gateway responses answer on AWS (shared/http/gateway-problems.ts).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type Manifest, manifest } from '../../manifest/manifest';
import { GATEWAY_PROBLEMS, type GatewayResponseType } from '../../shared/http/gateway-problems';
import { problemResponse } from '../../shared/http/problem';
import { testRoute } from '../support/routes';
import { useLocalRuntime } from '../support/runtime';
import { handshake } from '../support/ws-client';

const withFailures: Manifest = {
  ...manifest,
  authorizer: { ...manifest.authorizer, handler: 'test/e2e/fixtures/failing-authorizer.ts' },
  routes: [...manifest.routes, testRoute({ method: 'GET', path: '/crash', handler: 'test/e2e/fixtures/crashing-handler.ts', auth: false })],
};
const runtime = useLocalRuntime({ manifest: withFailures });

async function expectGatewayAnswer(res: Response, type: GatewayResponseType): Promise<void> {
  const expected = problemResponse(GATEWAY_PROBLEMS[type], 'req');
  expect(res.status, type).toBe(expected.statusCode);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect(await res.json()).toEqual({ ...JSON.parse(expected.body), instance: `urn:request:${requestId}` });
}

const get = (path: string, token?: string) =>
  fetch(`${runtime().httpUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('answers in API Gateway’s place', () => {
  it('answers an unknown path as MISSING_AUTHENTICATION_TOKEN: 404 not-found', async () => {
    await expectGatewayAnswer(await get('/no/such/route'), 'MISSING_AUTHENTICATION_TOKEN');
  });

  it.each(['DELETE', 'PUT'])('answers %s on a known path 405 method-not-allowed, naming its methods in Allow', async (method) => {
    const res = await fetch(`${runtime().httpUrl}/health`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'method-not-allowed', status: 405 });
  });

  it('answers TRACE on a known path 405 too', async () => {
    const { status, allow } = await new Promise<{ status: number | undefined; allow: string | undefined }>((resolve, reject) => {
      const req = request(`${runtime().httpUrl}/health`, { method: 'TRACE' }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, allow: res.headers.allow });
      });
      req.on('error', reject);
      req.end();
    });
    expect({ status, allow }).toEqual({ status: 405, allow: 'GET, OPTIONS' });
  });

  it('takes a literal segment over a parameter, as API Gateway does: DELETE …/members/me is the `me` path’s 405', async () => {
    const res = await fetch(`${runtime().httpUrl}/groups/g1/members/me`, { method: 'DELETE' });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'OPTIONS, PUT']);
  });

  it('names every method of a path with several in Allow', async () => {
    const res = await fetch(`${runtime().httpUrl}/accounts`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS, POST');
  });

  it('answers a missing or refused token as UNAUTHORIZED: 401', async () => {
    await expectGatewayAnswer(await get('/me'), 'UNAUTHORIZED');
    await expectGatewayAnswer(await get('/me', 'not-a-token'), 'UNAUTHORIZED');
  });

  it('answers a policy that denies as ACCESS_DENIED: 403', async () => {
    await expectGatewayAnswer(await get('/me', 'deny'), 'ACCESS_DENIED');
  });

  it('answers an authorizer that fails (throws anything but Unauthorized) with 500 internal, not 401', async () => {
    await expectGatewayAnswer(await get('/me', 'crash'), 'DEFAULT_5XX');
  });

  it('answers a handler that crashes with 500 internal problem details, no stack trace', async () => {
    await expectGatewayAnswer(await get('/crash'), 'DEFAULT_5XX');
  });

  it('answers a body over 10 MB as REQUEST_TOO_LARGE: 413', async () => {
    const res = await fetch(`${runtime().httpUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    await expectGatewayAnswer(res, 'REQUEST_TOO_LARGE');
  });
});

describe('WebSocket $connect in API Gateway’s place', () => {
  const connect = (token: string) => handshake(`${runtime().wsUrl}?token=${token}`);

  it('refuses a token the authorizer refuses with 401 and one it fails on with 500', async () => {
    expect(await connect('not-a-token')).toEqual({ opened: false, status: 401 });
    expect(await connect('crash')).toEqual({ opened: false, status: 500 });
    expect(await connect('deny')).toEqual({ opened: false, status: 403 });
  });
});
