import { describe, expect, it } from 'vitest';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, uniqueEmail } from '../support/users';

const runtime = useLocalRuntime();
const anonymous = () => new EvenlyClient({ baseUrl: runtime().httpUrl });

describe('POST /auth/register', () => {
  it('creates a user and signs them in', async () => {
    const email = uniqueEmail('ada');
    const res = await anonymous().raw<Record<string, unknown>>('POST', '/auth/register', {
      body: { email: email.toUpperCase(), password: PASSWORD, name: 'Ada' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { email, name: 'Ada', roles: ['user'] },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    expect((res.body.user as { id: string }).id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('refuses a password shorter than 10 characters', async () => {
    const res = await anonymous().raw('POST', '/auth/register', { body: { email: uniqueEmail(), password: 'short', name: 'A' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'validation-error', errors: [expect.objectContaining({ path: 'password' })] });
  });

  it('refuses an email already taken, whatever its case, with 409 conflict', async () => {
    const email = uniqueEmail();
    await anonymous().register({ email, password: PASSWORD, name: 'First' });
    const res = await anonymous().raw('POST', '/auth/register', {
      body: { email: email.toUpperCase(), password: PASSWORD, name: 'Second' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'conflict', status: 409 });
  });

  it('lets exactly one of two concurrent registrations of one email win', async () => {
    const email = uniqueEmail();
    const results = await Promise.all(
      [1, 2].map(() => anonymous().raw('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Twin' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['malformed JSON', '{"email": ', 'application/json', 400],
    ['an unknown field', JSON.stringify({ email: 'a@example.com', password: PASSWORD, name: 'A', admin: true }), 'application/json', 400],
    ['a number for a string', JSON.stringify({ email: 'a@example.com', password: 1234567890123, name: 'A' }), 'application/json', 400],
    ['an oversized name', JSON.stringify({ email: 'a@example.com', password: PASSWORD, name: 'x'.repeat(101) }), 'application/json', 400],
    [
      'a body over 64 kB',
      JSON.stringify({ email: 'a@example.com', password: PASSWORD, name: 'x'.repeat(70_000) }),
      'application/json',
      413,
    ],
    ['a text/plain body', JSON.stringify({ email: 'a@example.com', password: PASSWORD, name: 'A' }), 'text/plain', 415],
  ])('answers %s with a %i problem', async (_what, body, contentType, status) => {
    const res = await fetch(`${runtime().httpUrl}/auth/register`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status });
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password', async () => {
    const email = uniqueEmail();
    await anonymous().register({ email, password: PASSWORD, name: 'Bo' });
    const session = await anonymous().login({ email, password: PASSWORD });
    expect(session.user.email).toBe(email);
    expect(session.accessToken).toBeTruthy();
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const email = uniqueEmail();
    await anonymous().register({ email, password: PASSWORD, name: 'Cy' });
    const wrong = await anonymous().raw('POST', '/auth/login', { body: { email, password: 'not the password' } });
    const unknown = await anonymous().raw('POST', '/auth/login', { body: { email: uniqueEmail(), password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ ...(unknown.body as object), instance: (wrong.body as { instance: string }).instance });
  });

  it('answers 429 after five failures in a row for one email, even with the right password', async () => {
    const email = uniqueEmail();
    await anonymous().register({ email, password: PASSWORD, name: 'Di' });
    for (let i = 0; i < 5; i += 1) {
      expect((await anonymous().raw('POST', '/auth/login', { body: { email, password: 'wrong password' } })).status).toBe(401);
    }
    const locked = await anonymous().raw('POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('rotates the refresh token on every refresh', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const next = await anonymous().refresh(session.refreshToken);
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.user.id).toBe(session.user.id);
    const after = await anonymous().refresh(next.refreshToken);
    expect(after.refreshToken).not.toBe(next.refreshToken);
  });

  it('revokes the whole session when a rotated refresh token is used again', async () => {
    const { session } = await signUp(runtime().httpUrl);
    const next = await anonymous().refresh(session.refreshToken);
    const reuse = await anonymous().raw('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(reuse.status).toBe(401);
    const newest = await anonymous().raw('POST', '/auth/refresh', { body: { refreshToken: next.refreshToken } });
    expect(newest.status).toBe(401);
  });

  it('stops a refresh token from working after logout', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const res = await client.raw('POST', '/auth/logout', { body: { refreshToken: session.refreshToken } });
    expect(res.status).toBe(204);
    expect((await anonymous().raw('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it('answers a garbage refresh token with 401', async () => {
    expect((await anonymous().raw('POST', '/auth/refresh', { body: { refreshToken: 'nope' } })).status).toBe(401);
  });
});

describe('GET /me', () => {
  it('returns the caller', async () => {
    const { client, session } = await signUp(runtime().httpUrl, 'Eve');
    expect(await client.me()).toEqual(session.user);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer not.a.jwt'],
    ['a token with a wrong signature', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsidXNlciJdfQ.c2lnbmF0dXJl'],
  ])('answers %s with a 401 problem', async (_what, authorization) => {
    const res = await fetch(`${runtime().httpUrl}/me`, { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'unauthorized' });
  });
});
