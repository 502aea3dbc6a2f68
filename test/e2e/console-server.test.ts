/**
 * The local runtime's console server and the API's CORS for it, as a browser meets them:
 * config.json naming this runtime's endpoints, strict security headers, preflights and the
 * allow-origin header on handler answers and on the gateway's own.
 */
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime({ consolePort: 0 });
const consoleUrl = () => runtime().consoleUrl as string;

describe('the console server', () => {
  it('serves the page, and config.json naming this runtime’s API and WebSocket URLs', async () => {
    const page = await fetch(consoleUrl());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const config = await fetch(`${consoleUrl()}/config.json`);
    expect(await config.json()).toEqual({ apiUrl: runtime().httpUrl, wsUrl: runtime().wsUrl });
  });

  it('answers every path of the app with the page, under a policy that allows only itself, the API and the WebSocket', async () => {
    const page = await fetch(`${consoleUrl()}/groups`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src 'self' ${runtime().httpUrl} ${runtime().wsUrl}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses to serve a file outside its folder', async () => {
    // Sent raw: fetch would resolve the dots itself.
    const statusOf = (path: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        get(`${consoleUrl()}/`, { path }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
    // The build folder is node_modules/.cache/evenly-console/<hash>: four levels under the repository's package.json.
    expect(await statusOf('/../../../../package.json')).toBe(404);
    expect(await statusOf('/assets/../../../../../package.json')).toBe(404);
  });
});

describe('CORS for the console', () => {
  it('answers a preflight from the console with what the API accepts', async () => {
    const res = await fetch(`${runtime().httpUrl}/transfers`, {
      method: 'OPTIONS',
      headers: {
        origin: consoleUrl(),
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(consoleUrl());
    expect(res.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the console read handler answers and problems, and no other origin', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const me = await fetch(`${runtime().httpUrl}/me`, {
      headers: { origin: consoleUrl(), authorization: `Bearer ${session.accessToken}` },
    });
    expect(me.headers.get('access-control-allow-origin')).toBe(consoleUrl());
    const problem = await fetch(`${runtime().httpUrl}/auth/login`, {
      method: 'POST',
      headers: { origin: consoleUrl(), 'content-type': 'application/json' },
      body: '{"email":"nobody@example.com"}',
    });
    expect(problem.status).toBe(400);
    expect(problem.headers.get('access-control-allow-origin')).toBe(consoleUrl());
    const foreign = await fetch(`${runtime().httpUrl}/me`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${session.accessToken}` },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the console read the gateway’s own 401, so it can refresh the session', async () => {
    const res = await fetch(`${runtime().httpUrl}/me`, { headers: { origin: consoleUrl(), authorization: 'Bearer expired' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(consoleUrl());
  });
});
