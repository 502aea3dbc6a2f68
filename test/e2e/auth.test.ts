import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeInvocations } from '../../infra/local/lambda';
import { functionName, manifest } from '../../manifest/manifest';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../shared/auth/tokens';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, uniqueEmail, verificationCode } from '../support/users';

// The bootstrap admin of this runtime, configured as the stack does it (ADMIN_EMAILS).
const ADMIN_EMAIL = uniqueEmail('boss');
const runtime = useLocalRuntime({ env: { ADMIN_EMAILS: `someone-else@example.com, ${ADMIN_EMAIL.toUpperCase()}` } });

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers of every route's shape.
  readonly body: any;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; raw?: string; contentType?: string } = {},
): Promise<Reply> {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(`${runtime().httpUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const post = (path: string, body: unknown, token?: string) => call('POST', path, { body, ...(token ? { token } : {}) });

async function register(name = 'Ada', email = uniqueEmail(name.toLowerCase())) {
  const res = await post('/auth/register', { email, password: PASSWORD, name });
  expect(res.status).toBe(201);
  return res.body as { user: { id: string; email: string; name: string; roles: string[] }; accessToken: string; refreshToken: string };
}

function expectProblem(res: Reply, status: number, type: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type, status });
}

describe('POST /auth/register', () => {
  it('creates a user with a lower-cased email and signs them in', async () => {
    const email = uniqueEmail('ada');
    const res = await post('/auth/register', { email: email.toUpperCase(), password: PASSWORD, name: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      user: { id: expect.stringMatching(/^[0-9A-Z]{26}$/), email, name: 'Ada', roles: ['user'], emailVerified: false },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
  });

  it('makes an email listed in ADMIN_EMAILS an admin, whatever its case, once it is verified and not before', async () => {
    const { user, accessToken } = await register('Boss', ADMIN_EMAIL);
    expect(user.roles).toEqual(['user']);
    const code = await verificationCode(runtime().httpUrl, ADMIN_EMAIL.toLowerCase());
    const verified = await post('/auth/verify-email', { code }, accessToken);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ roles: ['user', 'admin'], emailVerified: true });
    const login = await post('/auth/login', { email: ADMIN_EMAIL, password: PASSWORD });
    expect((await call('GET', '/me', { token: login.body.accessToken })).body.roles).toEqual(['user', 'admin']);
  });

  it('refuses a password shorter than 10 characters', async () => {
    const res = await post('/auth/register', { email: uniqueEmail(), password: 'short', name: 'A' });
    expectProblem(res, 400, 'validation-error');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  it('refuses an email already taken, whatever its case, with 409 conflict', async () => {
    const { user } = await register('First');
    expectProblem(await post('/auth/register', { email: user.email.toUpperCase(), password: PASSWORD, name: 'Second' }), 409, 'conflict');
  });

  it('lets exactly one of two concurrent registrations of one email win', async () => {
    const email = uniqueEmail();
    const results = await Promise.all([1, 2].map(() => post('/auth/register', { email, password: PASSWORD, name: 'Twin' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  const valid = { email: 'a@example.com', password: PASSWORD, name: 'A' };
  it.each([
    ['malformed JSON', '{"email": ', 'application/json', 400, 'validation-error'],
    ['an unknown field', JSON.stringify({ ...valid, roles: ['admin'] }), 'application/json', 400, 'validation-error'],
    ['a missing field', JSON.stringify({ email: valid.email, password: PASSWORD }), 'application/json', 400, 'validation-error'],
    ['a number for a string', JSON.stringify({ ...valid, password: 1234567890123 }), 'application/json', 400, 'validation-error'],
    ['an oversized name', JSON.stringify({ ...valid, name: 'x'.repeat(101) }), 'application/json', 400, 'validation-error'],
    ['an oversized password', JSON.stringify({ ...valid, password: 'x'.repeat(201) }), 'application/json', 400, 'validation-error'],
    ['an oversized email', JSON.stringify({ ...valid, email: `${'a'.repeat(250)}@x.io` }), 'application/json', 400, 'validation-error'],
    ['a body over 64 kB', JSON.stringify({ ...valid, name: 'x'.repeat(70_000) }), 'application/json', 413, 'payload-too-large'],
    ['a text/plain body', JSON.stringify(valid), 'text/plain', 415, 'unsupported-media-type'],
  ])('answers %s with a %i problem', async (_what, raw, contentType, status, type) => {
    expectProblem(await call('POST', '/auth/register', { raw, contentType }), status, type);
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password and an email in any case', async () => {
    const { user } = await register('Bo');
    const res = await post('/auth/login', { email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user, accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect((await call('GET', '/me', { token: res.body.accessToken })).body).toEqual(user);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const { user } = await register('Cy');
    const wrong = await post('/auth/login', { email: user.email, password: 'not the password' });
    const unknown = await post('/auth/login', { email: uniqueEmail(), password: PASSWORD });
    expectProblem(wrong, 401, 'unauthorized');
    expectProblem(unknown, 401, 'unauthorized');
    const { instance: _a, ...wrongBody } = wrong.body;
    const { instance: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
  });

  it('answers 429 with retry-after after five failures for one email, even with the right password', async () => {
    const { user } = await register('Di');
    for (let i = 0; i < 5; i += 1) expect((await post('/auth/login', { email: user.email, password: 'wrong password' })).status).toBe(401);
    const locked = await post('/auth/login', { email: user.email, password: PASSWORD });
    expectProblem(locked, 429, 'rate-limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('answers an unknown field with 400', async () => {
    expectProblem(await post('/auth/login', { email: uniqueEmail(), password: PASSWORD, remember: true }), 400, 'validation-error');
  });
});

describe('POST /auth/refresh and /auth/logout', () => {
  it('rotates the refresh token on every refresh and issues a working access token', async () => {
    const session = await register('Ed');
    const next = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ user: session.user, accessToken: expect.any(String), expiresIn: 900 });
    expect(next.body.refreshToken).not.toBe(session.refreshToken);
    expect((await call('GET', '/me', { token: next.body.accessToken })).status).toBe(200);
    const after = await post('/auth/refresh', { refreshToken: next.body.refreshToken });
    expect(after.status).toBe(200);
    expect(after.body.refreshToken).not.toBe(next.body.refreshToken);
  });

  it('answers a reused refresh token with 401 and revokes the whole session', async () => {
    const session = await register('Flo');
    const next = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expectProblem(await post('/auth/refresh', { refreshToken: session.refreshToken }), 401, 'unauthorized');
    expectProblem(await post('/auth/refresh', { refreshToken: next.body.refreshToken }), 401, 'unauthorized');
  });

  it('answers a live session id with a made-up secret with a plain 401 and leaves the session working', async () => {
    const session = await register('Fay');
    const [familyId] = session.refreshToken.split('.');
    const madeUp = `${familyId}.${randomBytes(32).toString('base64url')}`;
    expectProblem(await post('/auth/refresh', { refreshToken: madeUp }), 401, 'unauthorized');
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
  });

  it('answers logout with 204, after which the refresh token is refused', async () => {
    const session = await register('Gus');
    const res = await post('/auth/logout', { refreshToken: session.refreshToken }, session.accessToken);
    expect(res.status).toBe(204);
    expectProblem(await post('/auth/refresh', { refreshToken: session.refreshToken }), 401, 'unauthorized');
  });

  it('refuses logout without an access token', async () => {
    const session = await register('Hal');
    expectProblem(await post('/auth/logout', { refreshToken: session.refreshToken }), 401, 'unauthorized');
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
  });

  it('answers a garbage refresh token with 401', async () => {
    expectProblem(await post('/auth/refresh', { refreshToken: 'nope' }), 401, 'unauthorized');
  });

  it('answers a refresh body that is not JSON with 415', async () => {
    expectProblem(
      await call('POST', '/auth/refresh', { raw: 'refreshToken=x', contentType: 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
    );
  });
});

describe('GET /me', () => {
  it('returns the caller', async () => {
    const session = await register('Ivy');
    const res = await call('GET', '/me', { token: session.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(session.user);
  });

  it('refuses an expired access token', async () => {
    const { user } = await register('Jo');
    const key = Buffer.from(process.env.SIGNING_KEY ?? '', 'base64url');
    const expired = await issueAccessToken({ userId: user.id, roles: ['user'] }, key, new Date(Date.now() - 16 * 60_000));
    expectProblem(await call('GET', '/me', { token: expired }), 401, 'unauthorized');
  });

  describe("the authorizer's result cache", () => {
    afterEach(() => {
      observeInvocations(undefined);
      vi.useRealTimers();
    });

    it("asks the authorizer again once the manifest's cache time has passed, and not before", async () => {
      const { accessToken } = await register('Kit');
      const authorizer = functionName(manifest.authorizer.handler);
      let asked = 0;
      observeInvocations((name) => {
        if (name === authorizer) asked += 1;
      });
      vi.useFakeTimers({ toFake: ['Date'] });
      const ttlMs = manifest.authorizer.resultsCacheTtlSeconds * 1_000;
      const start = Date.now();
      expect((await call('GET', '/me', { token: accessToken })).status).toBe(200);
      expect(asked).toBe(1);
      vi.setSystemTime(start + ttlMs - 1_000);
      expect((await call('GET', '/me', { token: accessToken })).status).toBe(200);
      expect(asked).toBe(1);
      vi.setSystemTime(start + ttlMs + 1_000);
      expect((await call('GET', '/me', { token: accessToken })).status).toBe(200);
      expect(asked).toBe(2);
    });

    it('refuses a token that expired once its cached approval lapses', async () => {
      const { user, refreshToken } = await register('Lou');
      const key = Buffer.from(process.env.SIGNING_KEY ?? '', 'base64url');
      // Issued so that it expires 10 s from now, for the live session.
      const issuedAt = new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1_000 + 10_000);
      const sessionId = refreshToken.split('.')[0] as string;
      const token = await issueAccessToken({ userId: user.id, roles: ['user'], sessionId }, key, issuedAt);
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      expect((await call('GET', '/me', { token })).status).toBe(200);
      vi.setSystemTime(start + 10_000 + manifest.authorizer.resultsCacheTtlSeconds * 1_000 + 1_000);
      expectProblem(await call('GET', '/me', { token }), 401, 'unauthorized');
    });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not.a.jwt'],
    ['a token with a wrong signature', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsidXNlciJdfQ.c2lnbmF0dXJl'],
  ])('answers %s with a 401 problem', async (_what, token) => {
    expectProblem(await call('GET', '/me', token ? { token } : {}), 401, 'unauthorized');
  });

  it('refuses a token signed with another key', async () => {
    const forged = await issueAccessToken({ userId: 'someone', roles: ['user', 'admin'] }, randomBytes(32));
    expectProblem(await call('GET', '/me', { token: forged }), 401, 'unauthorized');
  });
});
