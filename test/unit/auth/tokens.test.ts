import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from '../../../shared/auth/tokens';

const key = new Uint8Array(32).fill(7);
const issuedAt = new Date('2026-01-01T00:00:00Z');
const minutesAfter = (minutes: number) => new Date(issuedAt.getTime() + minutes * 60_000);

describe('access tokens', () => {
  it('carry the user id as sub and the roles', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user', 'admin'] }, key);
    expect(await verifyAccessToken(token, key)).toEqual({ userId: 'u1', roles: ['user', 'admin'] });
  });

  it('are issued by evenly for evenly-api with HS256', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, key);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({ iss: 'evenly', aud: 'evenly-api', sub: 'u1', roles: ['user'] });
  });

  it('expire after 15 minutes', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, key, issuedAt);
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(await verifyAccessToken(token, key, minutesAfter(14))).toBeDefined();
    expect(await verifyAccessToken(token, key, minutesAfter(16))).toBeUndefined();
  });

  it('are refused when signed with another key', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, new Uint8Array(32).fill(8));
    expect(await verifyAccessToken(token, key)).toBeUndefined();
  });

  it('are refused for another audience', async () => {
    const token = await new SignJWT({ roles: ['user'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('evenly')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    expect(await verifyAccessToken(token, key)).toBeUndefined();
  });

  it('are refused unsigned (alg none)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none' })}.${encode({ sub: 'u1', roles: ['admin'], iss: 'evenly', aud: 'evenly-api', iat: now, exp: now + 60 })}.`;
    expect(await verifyAccessToken(unsigned, key)).toBeUndefined();
  });

  it('are refused without a known role', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: [] }, key);
    expect(await verifyAccessToken(token, key)).toBeUndefined();
  });

  it('are refused when malformed', async () => {
    expect(await verifyAccessToken('not.a.jwt', key)).toBeUndefined();
  });
});
