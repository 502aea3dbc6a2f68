/**
 * Hostile input at every route: arbitrary JSON, wrong types, huge strings,
 * prototype-pollution keys, malformed bodies and path parameters. The answer is always
 * a problem (4xx for commands, never a 5xx anywhere) and nothing is written.
 * Unknown body fields are rejected (400), consistently, by strict schemas.
 */
import { request } from 'node:http';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime();
let token = '';
let client: EvenlyClient;
beforeAll(async () => {
  const user = await signUp(runtime().httpUrl);
  token = user.session.accessToken;
  client = user.client;
});

async function itemCount(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: runtime().dynamoEndpoint });
  let count = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: runtime().tables.main, Select: 'COUNT', ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey as typeof startKey;
  } while (startKey);
  return count;
}

const pollution = fc.constantFrom(
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"amount": "1.00", "__proto__": {"polluted": 1}}',
);
const hostileBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  pollution,
  fc.constant('{"amount": '),
  fc.constant('x'.repeat(70_000)),
  fc
    .dictionary(
      fc.string({ maxLength: 20 }),
      fc.oneof(fc.string({ maxLength: 3000 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    )
    .map((v) => JSON.stringify(v)),
);
const hostileParam = fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('..', '%00', '__proto__', 'x'.repeat(2000)));

const commands = manifest.routes.filter((r) => r.method !== 'GET');
const queries = manifest.routes.filter((r) => r.method === 'GET');

function url(path: string, param: string): string {
  return `${runtime().httpUrl}${path.replace(/\{\w+\}/g, encodeURIComponent(param))}`;
}

describe('hostile input', () => {
  it('answers every command route with a 4xx problem and writes nothing', async () => {
    const before = await itemCount();
    for (const route of commands) {
      await fc.assert(
        fc.asyncProperty(hostileBody, hostileParam, fc.boolean(), async (body, param, withToken) => {
          const res = await fetch(url(route.path, param), {
            method: route.method,
            headers: { 'content-type': 'application/json', ...(withToken ? { authorization: `Bearer ${token}` } : {}) },
            body,
          });
          const text = await res.text();
          expect(res.status, `${route.method} ${route.path} ${body.slice(0, 80)} → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(text).not.toMatch(/at .+\.ts:\d+/);
        }),
        { numRuns: 12, seed: 42 },
      );
    }
    expect(await itemCount()).toBe(before);
  });

  it('never answers a query route with a 5xx, whatever the path parameters and query string', async () => {
    for (const route of queries) {
      await fc.assert(
        fc.asyncProperty(hostileParam, fc.string({ maxLength: 50 }), fc.string({ maxLength: 300 }), async (param, limit, cursor) => {
          const target = new URL(url(route.path, param));
          target.searchParams.set('limit', limit);
          target.searchParams.set('cursor', cursor);
          const res = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
          expect(res.status, `${route.path} ${param}`).toBeLessThan(500);
        }),
        { numRuns: 8, seed: 7 },
      );
    }
  });

  describe('raw requests a browser or fetch would normalize', () => {
    /** Header names that are also names of `Object.prototype` members. */
    const prototypeNames = ['constructor', '__proto__', 'hasOwnProperty', 'toString'];
    const unknownId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

    it.each(prototypeNames)('treats a %s header like any other header', async (name) => {
      const odd = [name, 'x', name, 'y'];
      expect((await send('GET', '/health', odd)).status).toBe(200);
      expect((await send('GET', '/me', [...odd, 'authorization', `Bearer ${token}`])).status).toBe(200);
      expectProblem(await send('POST', '/auth/login', [...odd, 'content-type', 'application/json'], '{}'), 400);
      expectProblem(await send('GET', `/accounts/${unknownId}`, [...odd, 'authorization', `Bearer ${token}`]), 404);
      expectProblem(await send('GET', `/accounts/${unknownId}`, odd), 401);
    });

    it.each(['%', '%E0%A4%A', 'abc%zz', '%C0%AF'])(
      'answers a path parameter with bad percent-encoding (%s) with a 4xx problem',
      async (raw) => {
        const auth = ['authorization', `Bearer ${token}`];
        const json = ['content-type', 'application/json'];
        expectProblem(await send('GET', `/products/${raw}`, auth));
        expectProblem(await send('GET', `/accounts/${raw}/entries`, auth));
        expectProblem(await send('GET', `/transfers/${raw}`, []));
        expectProblem(await send('POST', `/accounts/${raw}/deposits`, [...auth, ...json], '{"amount":"1.00"}'));
        expectProblem(await send('PATCH', `/products/${raw}`, [...auth, ...json], '{"stock":1}'));
      },
    );

    it('answers an id or sku too long to be a key with 404 not-found', async () => {
      const long = 'A'.repeat(2_100);
      const group = await client.createGroup({ name: 'Trip', currency: 'EUR' });
      const auth = ['authorization', `Bearer ${token}`];
      const json = ['content-type', 'application/json'];
      const attempts: [string, string, string?][] = [
        ['GET', `/accounts/${long}`],
        ['GET', `/accounts/${long}/entries`],
        ['GET', `/accounts/${long}/events`],
        ['POST', `/accounts/${long}/deposits`, '{"amount":"1.00"}'],
        ['POST', `/accounts/${long}/withdrawals`, '{"amount":"1.00"}'],
        ['GET', `/products/${long}`],
        ['PATCH', `/products/${long}`, '{"stock":1}'],
        ['GET', `/transfers/${long}`],
        ['GET', `/purchases/${long}`],
        ['GET', `/groups/${long}`],
        ['GET', `/groups/${long}/balances`],
        ['GET', `/groups/${long}/events`],
        ['POST', `/groups/${long}/members`, '{"email":"someone@example.com"}'],
        ['GET', `/groups/${group.id}/expenses/${long}`],
        ['GET', `/groups/${group.id}/expenses/${long}/comments`],
        ['DELETE', `/groups/${group.id}/expenses/${long}`],
        ['GET', `/groups/${group.id}/settlements/${long}`],
      ];
      for (const [method, path, body] of attempts) {
        const res = await send(method, path, body ? [...auth, ...json] : auth, body);
        expectProblem(res, 404);
        expect(JSON.parse(res.text).type, `${method} ${path.slice(0, 40)}`).toBe('not-found');
      }
    });

    it('still serves a sku with dots, dashes and underscores', async () => {
      const account = await client.createAccount({ currency: 'EUR' });
      const sku = `tea.green_${account.id.slice(-8)}-1`;
      await client.createProduct({ sku, name: 'Tea', price: '1.00', currency: 'EUR', stock: 1, merchantAccountId: account.id });
      const res = await send('GET', `/products/${sku}`, ['authorization', `Bearer ${token}`]);
      expect(res.status, res.text).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ sku });
    });
  });
});

interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * One request through node:http with the path and header names exactly as given:
 * fetch would re-encode the path and refuses some header names.
 */
function send(method: string, path: string, headers: string[], body?: string): Promise<RawResponse> {
  const target = new URL(runtime().httpUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method, path, headers: ['host', target.host, ...headers] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectProblem(res: RawResponse, status?: number): void {
  const label = `${res.status} ${res.text.slice(0, 200)}`;
  if (status !== undefined) expect(res.status, label).toBe(status);
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.contentType, label).toContain('application/problem+json');
  expect(res.text).not.toMatch(/at .+\.ts:\d+/);
}
