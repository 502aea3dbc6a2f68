/**
 * What httpHandler takes from a route's contract besides its schemas: the headers a handler
 * reads, the route's own authentication, the verified-email rule of commands that move money,
 * an idempotency key named in the body, and a success body that is not JSON.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineRoute, NoBodySchema } from '../../../shared/http/contract';
import { httpHandler } from '../../../shared/http/handler';
import { unauthorized } from '../../../shared/http/problem';
import { json } from '../../../shared/http/response';
import * as z from '../../../shared/validation/zod';
import { lambdaContext } from '../../support/pipeline';

const eventOf = (overrides: Partial<APIGatewayProxyEvent> & { authorizer?: Record<string, string> }): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    path: '/things',
    headers: {},
    queryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    ...overrides,
    requestContext: { apiId: 'local', stage: 'v1', requestId: 'r1', authorizer: overrides.authorizer ?? null },
  }) as unknown as APIGatewayProxyEvent;

const answer = async (
  handler: (event: APIGatewayProxyEvent, context: typeof lambdaContext) => Promise<unknown>,
  event: APIGatewayProxyEvent,
) => (await handler(event, lambdaContext)) as APIGatewayProxyResult;

const jsonBody = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllEnvs());

describe('a contract’s request headers', () => {
  const route = defineRoute({
    method: 'PATCH',
    path: '/things/{id}',
    auth: false,
    summary: 'Edit a thing',
    tag: 'Test',
    status: 200,
    headers: { 'if-match': { description: 'The version edited', required: true } },
  });
  const handler = httpHandler(route, async ({ headers }) => json(200, { ifMatch: headers['if-match'] ?? null }));

  it('reach the handler as sent, and as undefined when absent, so the handler decides what a missing one means', async () => {
    const sent = await answer(handler, eventOf({ pathParameters: { id: 't1' }, headers: { 'if-match': '"3"', 'x-other': 'no' } }));
    expect(JSON.parse(sent.body)).toEqual({ ifMatch: '"3"' });
    const absent = await answer(handler, eventOf({ pathParameters: { id: 't1' } }));
    expect(JSON.parse(absent.body)).toEqual({ ifMatch: null });
  });
});

describe('a route that authenticates the raw request itself', () => {
  const route = defineRoute({
    method: 'POST',
    path: '/things',
    auth: false,
    summary: 'A signed thing',
    tag: 'Test',
    status: 202,
    body: z.strictObject({ id: z.string(), amount: z.string() }),
    idempotency: { identity: 'POST /things', keyField: 'id' },
  });
  const seen: unknown[] = [];
  const handler = httpHandler(
    route,
    async ({ idempotencyKey, requestIdentity }) => {
      seen.push({ idempotencyKey, requestIdentity });
      return json(202, {});
    },
    {
      authenticate: async (event) => {
        if (event.headers?.signature !== 'good') throw unauthorized('Unsigned.');
      },
    },
  );

  it('refuses an unsigned request with 401 before its body is validated', async () => {
    const refused = await answer(handler, eventOf(jsonBody({ nonsense: true })));
    expect([refused.statusCode, JSON.parse(refused.body).type]).toEqual([401, 'unauthorized']);
  });

  it('still answers malformed JSON 400 first, as any route does', async () => {
    const refused = await answer(handler, eventOf({ body: '{', headers: { 'content-type': 'application/json', signature: 'good' } }));
    expect(refused.statusCode).toBe(400);
  });

  it('validates a signed body, then takes its idempotency key from the field the contract names', async () => {
    const invalid = await answer(
      handler,
      eventOf({ ...jsonBody({ id: 'e1' }), headers: { 'content-type': 'application/json', signature: 'good' } }),
    );
    expect(invalid.statusCode).toBe(400);
    const body = { id: 'e1', amount: '1.00' };
    const accepted = await answer(
      handler,
      eventOf({ body: JSON.stringify(body), headers: { 'content-type': 'application/json', signature: 'good' } }),
    );
    expect(accepted.statusCode).toBe(202);
    expect(seen.at(-1)).toEqual({ idempotencyKey: 'e1', requestIdentity: { route: 'POST /things', body } });
  });
});

describe('a contract that moves money', () => {
  const route = defineRoute({ method: 'POST', path: '/things', auth: true, summary: 'Pay', tag: 'Test', status: 202, movesMoney: true });
  let ran = 0;
  const handler = httpHandler(route, async () => {
    ran += 1;
    return json(202, {});
  });
  const caller = (emailVerified: boolean) => ({ userId: 'u1', roles: 'user', emailVerified: String(emailVerified) });

  it('refuses an unverified caller 403 email-not-verified before the handler runs, where verification is required', async () => {
    vi.stubEnv('REQUIRE_VERIFIED_EMAIL', 'true');
    const before = ran;
    const refused = await answer(handler, eventOf({ authorizer: caller(false) }));
    expect([refused.statusCode, JSON.parse(refused.body).type, ran]).toEqual([403, 'email-not-verified', before]);
    expect((await answer(handler, eventOf({ authorizer: caller(true) }))).statusCode).toBe(202);
  });

  it('lets an unverified caller through where verification is not required', async () => {
    vi.stubEnv('REQUIRE_VERIFIED_EMAIL', 'false');
    expect((await answer(handler, eventOf({ authorizer: caller(false) }))).statusCode).toBe(202);
  });
});

describe('a contract whose success body is not JSON', () => {
  const route = defineRoute({
    method: 'GET',
    path: '/things.csv',
    auth: false,
    summary: 'Things as CSV',
    tag: 'Test',
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    response: z.string(),
  });
  const handler = httpHandler(route, async () => ({ status: 200, body: 'a,b\r\n1,2\r\n' }));

  it('is sent as text with the contract’s media type', async () => {
    const sent = await answer(handler, eventOf({ httpMethod: 'GET' }));
    expect([sent.headers?.['content-type'], sent.body]).toEqual(['text/csv; charset=utf-8', 'a,b\r\n1,2\r\n']);
  });
});

describe('a contract that refuses a body', () => {
  const route = defineRoute({
    method: 'POST',
    path: '/things/ping',
    auth: false,
    summary: 'Ping',
    tag: 'Test',
    status: 202,
    body: NoBodySchema,
  });
  const handler = httpHandler(route, async () => json(202, {}));

  it('answers any body 400 and none 202', async () => {
    expect((await answer(handler, eventOf(jsonBody({})))).statusCode).toBe(400);
    expect((await answer(handler, eventOf({}))).statusCode).toBe(202);
  });
});
