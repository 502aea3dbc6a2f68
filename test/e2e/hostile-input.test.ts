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
import { manifest } from '../../manifest/manifest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp, verificationCode } from '../support/users';

const runtime = useLocalRuntime();
let token = '';
let client: EvenlyClient;
beforeAll(async () => {
  const user = await signUp(runtime().httpUrl);
  token = user.session.accessToken;
  client = user.client;
  // The mailer writes the verification code and mail after registration: let it finish before counting items.
  await verificationCode(runtime().httpUrl, user.session.user.email);
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

  it('refuses control characters and lone surrogates in every text field with 400 naming it, writing nothing', async () => {
    const account = await client.createAccount({ currency: 'EUR' });
    const group = await client.createGroup({ name: 'Trip', currency: 'EUR' });
    const me = (await client.me()).id;
    const hostileText = fc.constantFrom('a\u0000b', 'a\ud800', '\udc00', 'bell\u0007', 'esc\u001b[2J', 'del\u007f', 'c1\u0085');
    const fields: [string, string, (text: string) => unknown, string][] = [
      ['POST', '/auth/register', (name) => ({ email: 'text-rules@example.com', password: 'correct horse battery', name }), 'name'],
      ['POST', '/accounts', (name) => ({ currency: 'EUR', name }), 'name'],
      [
        'POST',
        '/transfers',
        (memo) => ({ fromAccountId: account.id, toAccountId: account.id, amount: '1.00', currency: 'EUR', memo }),
        'memo',
      ],
      ['POST', '/groups', (name) => ({ name, currency: 'EUR' }), 'name'],
      [
        'POST',
        `/groups/${group.id}/expenses`,
        (description) => ({ description, amount: '1.00', paidBy: me, split: { type: 'equal', participants: [{ userId: me }] } }),
        'description',
      ],
      [
        'POST',
        '/products',
        (name) => ({ sku: 'text-rules', name, price: '1.00', currency: 'EUR', stock: 1, merchantAccountId: account.id }),
        'name',
      ],
    ];
    const before = await itemCount();
    for (const [method, path, body, field] of fields) {
      await fc.assert(
        fc.asyncProperty(hostileText, async (text) => {
          const res = await fetch(`${runtime().httpUrl}${path}`, {
            method,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(body(text)),
          });
          const problem = (await res.json()) as { errors?: { path: string }[] };
          expect(res.status, `${method} ${path} ${JSON.stringify(text)}`).toBe(400);
          expect(problem.errors?.map((e) => e.path)).toContain(field);
        }),
        { numRuns: 7, seed: 3 },
      );
    }
    expect(await itemCount()).toBe(before);
  });

  it('answers the deposit webhook with 401 for any hostile signature header, writing nothing', async () => {
    const account = await client.createAccount({ currency: 'EUR' });
    const body = JSON.stringify({ id: 'evt_hostile', accountId: account.id, amount: '1.00', currency: 'EUR' });
    const header = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('t=,v1=', `t=${'9'.repeat(40)},v1=${'a'.repeat(64)}`, `t=0,v1=${'a'.repeat(64)}`, 'v1=,v1=,v1=', 't=1,'.repeat(500)),
      fc
        .tuple(fc.integer(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }))
        .map(([t, h]) => `t=${t},v1=${h}`),
    );
    const before = await itemCount();
    await fc.assert(
      fc.asyncProperty(header, async (signature) => {
        // fetch refuses header values with controls or non-Latin-1 characters: take them out.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
        const sendable = signature.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '');
        const res = await fetch(`${runtime().httpUrl}/webhooks/deposits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'evenly-signature': sendable },
          body,
        });
        expect(res.status, signature.slice(0, 80)).toBe(401);
      }),
      { numRuns: 40, seed: 11 },
    );
    expect(await itemCount()).toBe(before);
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
