import { randomBytes } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as authorize, stageWildcard, tokenOf } from '../../../functions/auth/authorize';
import type { CurrentAccess } from '../../../shared/auth/access';
import { issueAccessToken } from '../../../shared/auth/tokens';

/** The sessions the authorizer finds live (shared/auth/access.ts reads them from DynamoDB). */
const liveSessions = new Map<string, CurrentAccess>([
  ['s-admin', { roles: ['user', 'admin'], emailVerified: true }],
  ['s-user', { roles: ['user'], emailVerified: false }],
]);
vi.mock('../../../shared/auth/access', () => ({
  currentAccess: async (_userId: string, sessionId: string) => liveSessions.get(sessionId),
}));

const key = randomBytes(32);
const restArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/accounts/42';
const wsArn = 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/v1/$connect';

const tokenEvent = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({
  type: 'TOKEN',
  authorizationToken,
  methodArn: restArn,
});
const requestEvent = (token: string | undefined): APIGatewayRequestAuthorizerEvent =>
  ({
    type: 'REQUEST',
    methodArn: wsArn,
    queryStringParameters: token === undefined ? null : { token },
  }) as APIGatewayRequestAuthorizerEvent;

beforeAll(() => {
  process.env.SIGNING_KEY = key.toString('base64url');
});

describe('the authorizer', () => {
  it('allows a valid bearer token on the whole REST stage, with user id and roles as context', async () => {
    const token = await issueAccessToken({ userId: 'u9', roles: ['user', 'admin'], sessionId: 's-admin' }, key);
    expect(await authorize(tokenEvent(`Bearer ${token}`))).toEqual({
      principalId: 'u9',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/*' }],
      },
      context: { userId: 'u9', roles: 'user,admin', emailVerified: 'true' },
    });
  });

  it('allows a WebSocket $connect with the token in the query string on the whole stage', async () => {
    const token = await issueAccessToken({ userId: 'u7', roles: ['user'], sessionId: 's-user' }, key);
    const result = await authorize(requestEvent(token));
    expect(result.principalId).toBe('u7');
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/v1/*',
    });
    expect(result.context).toEqual({ userId: 'u7', roles: 'user', emailVerified: 'false' });
  });

  it.each([
    ['no token', tokenEvent('')],
    ['another scheme', tokenEvent('Basic dXNlcjpwYXNz')],
    ['a malformed token', tokenEvent('Bearer not.a.jwt')],
    ['a missing query token', requestEvent(undefined)],
    ['an empty query token', requestEvent('')],
  ])('answers %s with Unauthorized', async (_what, event) => {
    await expect(authorize(event)).rejects.toThrow(/^Unauthorized$/);
  });

  it('takes roles from the live session, not from the token', async () => {
    const token = await issueAccessToken({ userId: 'u7', roles: ['user', 'admin'], sessionId: 's-user' }, key);
    expect((await authorize(tokenEvent(`Bearer ${token}`))).context).toMatchObject({ roles: 'user' });
  });

  it('answers a token whose session is no longer live (logged out, revoked) with Unauthorized', async () => {
    const token = await issueAccessToken({ userId: 'u7', roles: ['user'], sessionId: 's-ended' }, key);
    await expect(authorize(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('answers a token without a session with Unauthorized', async () => {
    const token = await issueAccessToken({ userId: 'u7', roles: ['user'] }, key);
    await expect(authorize(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('answers an expired token with Unauthorized', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, key, new Date(Date.now() - 16 * 60_000));
    await expect(authorize(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('answers a token signed with another key with Unauthorized', async () => {
    const token = await issueAccessToken({ userId: 'u1', roles: ['user'] }, randomBytes(32));
    await expect(authorize(requestEvent(token))).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('reading the token', () => {
  it('takes the bearer token of a TOKEN event, any case of the scheme', () => {
    expect(tokenOf(tokenEvent('bearer abc'))).toBe('abc');
  });

  it('takes the token query parameter of a REQUEST event', () => {
    expect(tokenOf(requestEvent('xyz'))).toBe('xyz');
  });
});

describe('the stage wildcard', () => {
  it('keeps region, account, api and stage and allows every route below', () => {
    expect(stageWildcard(restArn)).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/*');
    expect(stageWildcard(wsArn)).toBe('arn:aws:execute-api:eu-west-1:123456789012:ws9876/v1/*');
  });

  it('refuses something that is not an execute-api ARN', () => {
    expect(() => stageWildcard('arn:aws:lambda:eu-west-1:1:function:x')).toThrow(/Invariant/);
  });
});
