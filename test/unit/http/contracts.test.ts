/**
 * One contract per route, read by the manifest, the handler, the OpenAPI document and the
 * client: these tests fail when any of the four disagrees with the others.
 */

import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manifest } from '../../../manifest/manifest';
import { EvenlyClient } from '../../../shared/client/evenly-client';
import { operationName, type RouteContract } from '../../../shared/http/contract';
import { buildOpenApiDocument } from '../../../shared/openapi/document';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const contracts = manifest.routes.map((route) => route.contract);
const ID = '01JTESTID0000000000000000A';

/** Every client method, called once with arguments its route accepts. */
const calls: Record<string, (c: EvenlyClient) => Promise<unknown>> = {
  health: (c) => c.health(),
  openApiDocument: (c) => c.openApiDocument(),
  asyncApiDocument: (c) => c.asyncApiDocument(),
  docsPage: (c) => c.docsPage(),
  redrive: (c) => c.redrive('notify'),
  reconcile: (c) => c.reconcile(),
  register: (c) => c.register({ email: 'ann@example.com', password: 'correct horse battery', name: 'Ann' }),
  login: (c) => c.login({ email: 'ann@example.com', password: 'correct horse battery' }),
  refresh: (c) => c.refresh('token'),
  logout: (c) => c.logout('token'),
  verifyEmail: (c) => c.verifyEmail('123456'),
  resendVerification: (c) => c.resendVerification(),
  sendDepositWebhook: (c) => c.sendDepositWebhook({ id: 'evt_1', accountId: ID, amount: '1.00', currency: 'EUR' }, () => 't=1,v1=00'),
  me: (c) => c.me(),
  createAccount: (c) => c.createAccount({ currency: 'EUR', name: 'Main' }, { idempotencyKey: 'k1' }),
  listAccounts: (c) => c.listAccounts({ limit: 5 }),
  getAccount: (c) => c.getAccount(ID),
  entries: (c) => c.entries(ID),
  accountEvents: (c) => c.accountEvents(ID),
  deposit: (c) => c.deposit(ID, '1.00', { idempotencyKey: 'k1' }),
  withdraw: (c) => c.withdraw(ID, '1.00'),
  transfer: (c) => c.transfer({ fromAccountId: ID, toAccountId: `${ID}B`, amount: '1.00', currency: 'EUR' }),
  getTransfer: (c) => c.getTransfer(ID),
  createProduct: (c) =>
    c.createProduct({ sku: 'tea.green', name: 'Green tea', price: '3.50', currency: 'EUR', stock: 3, merchantAccountId: ID }),
  listProducts: (c) => c.listProducts(),
  getProduct: (c) => c.getProduct('tea.green'),
  updateProduct: (c) => c.updateProduct('tea.green', { stock: 2 }),
  buy: (c) => c.buy({ sku: 'tea.green', quantity: 1, accountId: ID }),
  getPurchase: (c) => c.getPurchase(ID),
  myPurchases: (c) => c.myPurchases(),
  createGroup: (c) => c.createGroup({ name: 'Trip', currency: 'EUR' }),
  listGroups: (c) => c.listGroups(),
  getGroup: (c) => c.getGroup(ID),
  addMember: (c) => c.addMember(ID, 'ben@example.com'),
  addExpense: (c) =>
    c.addExpense(ID, { description: 'Dinner', amount: '10.00', paidBy: ID, split: { type: 'equal', participants: [{ userId: ID }] } }),
  getExpense: (c) => c.getExpense(ID, ID),
  listExpenses: (c) => c.listExpenses(ID, { tag: 'food', from: '2026-01-01' }),
  editExpense: (c) => c.editExpense(ID, ID, 3, { amount: '12.00' }),
  restoreExpense: (c) => c.restoreExpense(ID, ID),
  deleteExpense: (c) => c.deleteExpense(ID, ID),
  inviteMember: (c) => c.inviteMember(ID, 'cleo@example.com'),
  setReceivingAccount: (c) => c.setReceivingAccount(ID, ID),
  removeMember: (c) => c.removeMember(ID, ID),
  addRecurring: (c) =>
    c.addRecurring(ID, {
      description: 'Rent',
      amount: '900.00',
      paidBy: ID,
      split: { type: 'equal', participants: [{ userId: ID }] },
      every: 'month',
      startsOn: '2026-12-01',
    }),
  listRecurring: (c) => c.listRecurring(ID),
  stopRecurring: (c) => c.stopRecurring(ID, ID),
  activity: (c) => c.activity(ID),
  exportExpenses: (c) => c.exportExpenses(ID),
  putRate: (c) => c.putRate('USD', 'EUR', { rate: '0.9215', date: '2026-12-01' }),
  balances: (c) => c.balances(ID),
  settle: (c) => c.settle(ID, { toUserId: ID, amount: '1.00', fromAccountId: ID }),
  getSettlement: (c) => c.getSettlement(ID, ID),
  comment: (c) => c.comment(ID, ID, 'thanks'),
  comments: (c) => c.comments(ID, ID),
  groupEvents: (c) => c.groupEvents(ID),
};

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}
/** Headers every route may be sent (the bearer, the body's type, an idempotency key); any other must be a contract's. */
const SHARED_HEADERS = ['authorization', 'content-type', 'idempotency-key'];
let sent: Sent[] = [];

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
    sent.push({
      method: String(init.method),
      path: url.pathname,
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
      headers: init.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
    });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** The contract whose method and path template a request matches. */
function contractOf(request: Sent): RouteContract | undefined {
  const template = (path: string) => new RegExp(`^${path.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
  return contracts.find((c) => c.method === request.method && template(c.path).test(request.path));
}

async function send(name: string): Promise<Sent> {
  const call = calls[name] as (c: EvenlyClient) => Promise<unknown>;
  await call(new EvenlyClient({ baseUrl: 'http://api.test/', accessToken: 'token' }));
  expect(sent).toHaveLength(1);
  return sent[0] as Sent;
}

describe('route contracts', () => {
  it.each(manifest.routes.map((route) => [operationName(route.contract), route]))(
    '%s: the handler the manifest names serves the contract it lists',
    async (_name, route) => {
      const module = (await import(`${PROJECT_ROOT}/${route.handler}`)) as { handler: { contract?: RouteContract } };
      expect(module.handler.contract).toBe(route.contract);
      expect([route.method, route.path, route.auth]).toEqual([route.contract.method, route.contract.path, route.contract.auth]);
    },
  );

  it('documents exactly the contracts, each with its success status', () => {
    const document = buildOpenApiDocument(contracts);
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { responses: Record<string, unknown> }>).map(([method, op]) => ({
        name: `${method.toUpperCase()} ${path}`,
        statuses: Object.keys(op.responses),
      })),
    );
    expect(documented.map((d) => d.name).sort()).toEqual(contracts.map(operationName).sort());
    for (const contract of contracts) {
      expect(documented.find((d) => d.name === operationName(contract))?.statuses).toContain(String(contract.status));
    }
  });

  it.each(Object.keys(calls))('client %s sends a request its route contract accepts', async (name) => {
    const request = await send(name);
    const contract = contractOf(request);
    expect(contract, `${request.method} ${request.path}`).toBeDefined();
    const schema = (contract as RouteContract).body;
    if (schema) expect(schema.safeParse(request.body).error).toBeUndefined();
    else expect(request.body).toBeUndefined();
    if (request.headers['idempotency-key']) {
      expect(contract?.idempotency).toBeDefined();
      expect(contract?.idempotency?.keyField).toBeUndefined();
    }
    const query = (contract as RouteContract).query;
    if (query) expect(query.safeParse(request.query).error).toBeUndefined();
    else expect(request.query).toEqual({});
  });

  it.each(Object.keys(calls))('client %s sends the headers its contract requires and no other', async (name) => {
    const request = await send(name);
    const declared = contractOf(request)?.headers ?? {};
    const sentNames = Object.keys(request.headers).filter((header) => !SHARED_HEADERS.includes(header));
    expect(sentNames.filter((header) => !Object.hasOwn(declared, header))).toEqual([]);
    const required = Object.entries(declared).flatMap(([header, doc]) => (doc.required ? [header] : []));
    expect(required.filter((header) => request.headers[header] === undefined)).toEqual([]);
  });

  it('has a client method for every route', async () => {
    const reached = new Set<RouteContract | undefined>();
    for (const name of Object.keys(calls)) {
      reached.add(contractOf(await send(name)));
      sent = [];
    }
    expect(contracts.filter((c) => !reached.has(c)).map(operationName)).toEqual([]);
  });
});
