import { describe, expect, it } from 'vitest';
import { handler as authorize, stageWildcard, tokenOf } from '../../../functions/auth/authorize';
import { hashPassword, verifyPassword } from '../../../shared/auth/passwords';
import { parseRefreshToken } from '../../../shared/auth/sessions';
import { issueAccessToken, verifyAccessToken } from '../../../shared/auth/tokens';
import { rolesFor } from '../../../shared/auth/users';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const key = new TextEncoder().encode('k'.repeat(43));

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
  });

  it('stores its parameters and a random salt with the hash', async () => {
    const [a, b] = [await hashPassword('same password', CHEAP), await hashPassword('same password', CHEAP)];
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
  });

  it('uses an OWASP-listed cost by default', async () => {
    expect(await hashPassword('default cost')).toMatch(/^scrypt\$32768\$8\$3\$/);
  });

  it('rejects a malformed stored hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

describe('access tokens', () => {
  it('round-trips the user id and roles', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user', 'admin'] }, key);
    expect(await verifyAccessToken(token, key)).toEqual({ userId: 'u1', roles: ['user', 'admin'] });
  });

  it('expires after 15 minutes', async () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, key, issued);
    expect(await verifyAccessToken(token, key, new Date('2026-01-01T00:14:00Z'))).toBeDefined();
    expect(await verifyAccessToken(token, key, new Date('2026-01-01T00:16:00Z'))).toBeUndefined();
  });

  it('rejects a token signed with another key', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, new TextEncoder().encode('other'.repeat(10)));
    expect(await verifyAccessToken(token, key)).toBeUndefined();
  });
});

describe('the authorizer', () => {
  const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/v1/GET/accounts/42';

  it('allows the whole stage so a cached policy never denies other routes', () => {
    expect(stageWildcard(methodArn)).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/v1/*');
    expect(stageWildcard('arn:aws:execute-api:us-east-1:1:ws1/v1/$connect')).toBe('arn:aws:execute-api:us-east-1:1:ws1/v1/*');
  });

  it('reads the token from the Authorization header or the token query parameter', () => {
    expect(tokenOf({ type: 'TOKEN', authorizationToken: 'Bearer abc', methodArn })).toBe('abc');
    expect(tokenOf({ type: 'TOKEN', authorizationToken: 'Basic abc', methodArn })).toBeUndefined();
    expect(tokenOf({ type: 'REQUEST', methodArn, queryStringParameters: { token: 'xyz' } } as never)).toBe('xyz');
  });

  it('passes user id and roles on as context', async () => {
    process.env.SIGNING_KEY = 'k'.repeat(43);
    const token = await issueAccessToken({ userId: 'u9', roles: ['user', 'admin'] }, key);
    const result = await authorize({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn });
    expect(result.principalId).toBe('u9');
    expect(result.context).toEqual({ userId: 'u9', roles: 'user,admin' });
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: stageWildcard(methodArn) });
  });

  it('answers an invalid token with Unauthorized', async () => {
    process.env.SIGNING_KEY = 'k'.repeat(43);
    await expect(authorize({ type: 'TOKEN', authorizationToken: 'Bearer nope', methodArn })).rejects.toThrow('Unauthorized');
  });
});

describe('refresh tokens and roles', () => {
  it('parses only well-formed refresh tokens', () => {
    expect(parseRefreshToken(`01ARZ3NDEKTSV4RRFFQ69G5FAV.${'a'.repeat(43)}`)).toEqual({
      familyId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      secret: 'a'.repeat(43),
    });
    expect(parseRefreshToken('nope')).toBeUndefined();
  });

  it('makes the configured emails admins, case-insensitively', () => {
    expect(rolesFor('Boss@Example.com', 'boss@example.com, other@example.com')).toEqual(['user', 'admin']);
    expect(rolesFor('someone@example.com', 'boss@example.com')).toEqual(['user']);
  });
});
