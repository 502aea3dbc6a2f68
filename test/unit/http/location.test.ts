import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { defineRoute } from '../../../shared/http/contract';
import { httpHandler, stagePath } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { lambdaContext } from '../../support/pipeline';

const createThing = defineRoute({ method: 'POST', path: '/things', auth: false, summary: 'Create a thing', tag: 'Test', status: 201 });
const created = httpHandler(createThing, async () => json(201, {}, { location: '/things/1' }));

/** `requestPath`: the path as the client asked for it (requestContext.path), the stage or base path included. */
const eventOn = (requestPath: string, stage = 'v1', path = '/things') =>
  ({
    httpMethod: 'POST',
    resource: '/things',
    path,
    headers: {},
    queryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { apiId: 'a1b2c3', stage, path: requestPath, requestId: 'r1' },
  }) as unknown as APIGatewayProxyEvent;

const locationOf = async (event: APIGatewayProxyEvent) =>
  ((await created(event, lambdaContext)) as APIGatewayProxyResult).headers?.location;

describe('the location header', () => {
  it('points inside the stage on API Gateway, whose URLs start with it', async () => {
    expect(await locationOf(eventOn('/v1/things'))).toBe('/v1/things/1');
  });

  it('keeps the base path of a custom domain, whatever it is', async () => {
    // API Gateway leaves the base path in `path` too.
    expect(await locationOf(eventOn('/money/things', 'v1', '/money/things'))).toBe('/money/things/1');
  });

  it('is left as the handler wrote it when the API is served from the root (a custom domain without a base path, the local runtime)', async () => {
    expect(await locationOf(eventOn('/things'))).toBe('/things/1');
  });
});

describe('the stage path', () => {
  const at = (resource: string, asked: string) =>
    stagePath({ resource, path: asked, requestContext: { path: asked } } as unknown as APIGatewayProxyEvent);

  it('drops as many trailing segments as the route’s resource has, parameters included', () => {
    expect(at('/groups/{id}/expenses/{expenseId}', '/v1/groups/g1/expenses/e1')).toBe('/v1');
    expect(at('/groups/{id}/expenses.csv', '/money/api/groups/g1/expenses.csv')).toBe('/money/api');
    expect(at('/health', '/health')).toBe('');
  });

  it('gives no prefix when the request does not say what was asked', () => {
    expect(stagePath({ resource: '/health', path: '/health', requestContext: {} } as unknown as APIGatewayProxyEvent)).toBe('');
  });
});
