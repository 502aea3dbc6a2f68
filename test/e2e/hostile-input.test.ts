/**
 * Hostile input at every route: arbitrary JSON, wrong types, huge strings,
 * prototype-pollution keys, malformed bodies and path parameters. The answer is always
 * a problem (4xx for commands, never a 5xx anywhere) and nothing is written.
 * Unknown body fields are rejected (400), consistently, by strict schemas.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime();
let token = '';
beforeAll(async () => {
  token = (await signUp(runtime().httpUrl)).session.accessToken;
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
});
