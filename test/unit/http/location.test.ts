import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { defineRoute } from '../../../shared/http/contract';
import { httpHandler } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { lambdaContext } from '../../support/pipeline';

const createThing = defineRoute({ method: 'POST', path: '/things', auth: false, summary: 'Create a thing', tag: 'Test', status: 201 });
const created = httpHandler(createThing, async () => json(201, {}, { location: '/things/1' }));

const eventOn = (apiId: string, stage: string) =>
  ({
    httpMethod: 'POST',
    path: '/things',
    headers: {},
    queryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { apiId, stage, requestId: 'r1' },
  }) as unknown as APIGatewayProxyEvent;

const locationOf = async (event: APIGatewayProxyEvent) =>
  ((await created(event, lambdaContext)) as APIGatewayProxyResult).headers?.location;

describe('the location header', () => {
  it('points inside the stage on API Gateway, whose URLs start with it', async () => {
    expect(await locationOf(eventOn('a1b2c3', 'v1'))).toBe('/v1/things/1');
  });

  it('is left as the handler wrote it on the local runtime, which serves from the root', async () => {
    expect(await locationOf(eventOn('local', 'v1'))).toBe('/things/1');
  });
});
