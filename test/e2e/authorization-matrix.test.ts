/**
 * The authorization matrix: every manifest route × {no token, a stranger, the owner (or a
 * member), an admin}, with the status each must get. The rules are keyed by route, and a
 * route without one fails the suite: a new route cannot ship without deciding who may call it.
 * Requests carry valid bodies, so a status says who may call, not what was malformed.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../manifest/manifest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { PASSWORD, signUp, signUpVerified, uniqueEmail } from '../support/users';

const ADMIN_EMAIL = uniqueEmail('admin');
const runtime = useLocalRuntime({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });

type Caller = 'none' | 'stranger' | 'owner' | 'admin';
const CALLERS: readonly Caller[] = ['none', 'stranger', 'admin', 'owner'];

interface Fixture {
  readonly ownerEmail: string;
  readonly accountId: string;
  readonly otherAccountId: string;
  readonly transferId: string;
  readonly sku: string;
  readonly purchaseId: string;
  readonly groupId: string;
  readonly expenseId: string;
  readonly doomedExpenseId: string;
  readonly settlementId: string;
  readonly memberId: string;
  readonly memberAccountId: string;
  readonly inviteeEmail: string;
  readonly editableExpenseId: string;
  readonly deletedExpenseId: string;
  readonly leaverId: string;
  readonly recurringId: string;
}

interface Rule {
  readonly request: (fx: Fixture, caller: Caller) => { path: string; body?: unknown; headers?: Record<string, string> };
  readonly expect: Readonly<Record<Caller, number>>;
}

/** A public route: everyone gets the same answer. */
const everyone = (status: number) => ({ none: status, stranger: status, owner: status, admin: status });
/** Any signed-in caller may; no token is 401. */
const signedIn = (status: number) => ({ none: 401, stranger: status, owner: status, admin: status });
/** The owner's resource: strangers cannot tell it exists, admins may read it. */
const ownerOrAdmin = (status: number) => ({ none: 401, stranger: 404, owner: status, admin: status });
/** Only the owner may: admins read everything but move no one's money. */
const ownerOnly = (status: number) => ({ none: 401, stranger: 404, owner: status, admin: 404 });
/** A group change: members only; an admin who is no member may read, not change (403). */
const memberOnly = (status: number) => ({ none: 401, stranger: 404, owner: status, admin: 403 });
const adminOnly = (status: number) => ({ none: 401, stranger: 404, owner: 404, admin: status });

const RULES: Readonly<Record<string, Rule>> = {
  'GET /health': { request: () => ({ path: '/health' }), expect: everyone(200) },
  'GET /openapi.json': { request: () => ({ path: '/openapi.json' }), expect: everyone(200) },
  'GET /asyncapi.json': { request: () => ({ path: '/asyncapi.json' }), expect: everyone(200) },
  'GET /docs': { request: () => ({ path: '/docs' }), expect: everyone(200) },
  'POST /auth/register': {
    request: () => ({ path: '/auth/register', body: { email: uniqueEmail('new'), password: PASSWORD, name: 'New' } }),
    expect: everyone(201),
  },
  'POST /auth/login': {
    request: (fx) => ({ path: '/auth/login', body: { email: fx.ownerEmail, password: PASSWORD } }),
    expect: everyone(200),
  },
  // Authenticated by the refresh token in the body, not by a bearer: a made-up one is 401 for all.
  'POST /auth/refresh': { request: () => ({ path: '/auth/refresh', body: { refreshToken: 'made-up' } }), expect: everyone(401) },
  'POST /auth/logout': { request: () => ({ path: '/auth/logout', body: { refreshToken: 'not-theirs' } }), expect: signedIn(204) },
  // The admin is verified (200, the user); the others are not and sent a wrong code (400).
  'POST /auth/verify-email': {
    request: () => ({ path: '/auth/verify-email', body: { code: '000000' } }),
    expect: { none: 401, stranger: 400, owner: 400, admin: 200 },
  },
  'POST /auth/verify-email/resend': {
    request: () => ({ path: '/auth/verify-email/resend' }),
    expect: { none: 401, stranger: 202, owner: 202, admin: 409 },
  },
  'GET /me': { request: () => ({ path: '/me' }), expect: signedIn(200) },
  'POST /accounts': { request: () => ({ path: '/accounts', body: { currency: 'EUR' } }), expect: signedIn(201) },
  'GET /accounts': { request: () => ({ path: '/accounts' }), expect: signedIn(200) },
  'GET /accounts/{id}': { request: (fx) => ({ path: `/accounts/${fx.accountId}` }), expect: ownerOrAdmin(200) },
  'GET /accounts/{id}/entries': { request: (fx) => ({ path: `/accounts/${fx.accountId}/entries` }), expect: ownerOrAdmin(200) },
  'GET /accounts/{id}/events': { request: (fx) => ({ path: `/accounts/${fx.accountId}/events` }), expect: ownerOrAdmin(200) },
  // Sandbox mode (the local default): the owner may; admins may always.
  'POST /accounts/{id}/deposits': {
    request: (fx) => ({ path: `/accounts/${fx.accountId}/deposits`, body: { amount: '1.00' } }),
    expect: ownerOrAdmin(202),
  },
  'POST /accounts/{id}/withdrawals': {
    request: (fx) => ({ path: `/accounts/${fx.accountId}/withdrawals`, body: { amount: '1.00' } }),
    expect: ownerOnly(202),
  },
  'POST /transfers': {
    request: (fx) => ({
      path: '/transfers',
      body: { fromAccountId: fx.accountId, toAccountId: fx.otherAccountId, amount: '1.00', currency: 'EUR' },
    }),
    expect: ownerOnly(202),
  },
  // Signed by the provider, never a bearer: unsigned is 401 for all (trust.test.ts signs it).
  'POST /webhooks/deposits': {
    request: (fx) => ({ path: '/webhooks/deposits', body: { id: 'evt_matrix', accountId: fx.accountId, amount: '1.00', currency: 'EUR' } }),
    expect: everyone(401),
  },
  'GET /transfers/{id}': { request: (fx) => ({ path: `/transfers/${fx.transferId}` }), expect: ownerOrAdmin(200) },
  'POST /products': {
    request: (fx, caller) => ({
      path: '/products',
      body: {
        sku: `m-${caller}-${randomUUID().slice(0, 8)}`,
        name: 'Tea',
        price: '1.00',
        currency: 'EUR',
        stock: 1,
        merchantAccountId: fx.accountId,
      },
    }),
    expect: ownerOnly(201),
  },
  'GET /products': { request: () => ({ path: '/products' }), expect: signedIn(200) },
  'GET /products/{sku}': { request: (fx) => ({ path: `/products/${fx.sku}` }), expect: signedIn(200) },
  'PATCH /products/{sku}': { request: (fx) => ({ path: `/products/${fx.sku}`, body: { stock: 5 } }), expect: ownerOnly(200) },
  'POST /purchases': {
    request: (fx) => ({ path: '/purchases', body: { sku: fx.sku, quantity: 1, accountId: fx.accountId } }),
    expect: ownerOnly(202),
  },
  'GET /purchases/{id}': { request: (fx) => ({ path: `/purchases/${fx.purchaseId}` }), expect: ownerOrAdmin(200) },
  'GET /users/me/purchases': { request: () => ({ path: '/users/me/purchases' }), expect: signedIn(200) },
  'POST /groups': { request: () => ({ path: '/groups', body: { name: 'Trip', currency: 'EUR' } }), expect: signedIn(201) },
  'GET /groups': { request: () => ({ path: '/groups' }), expect: signedIn(200) },
  'GET /groups/{id}': { request: (fx) => ({ path: `/groups/${fx.groupId}` }), expect: ownerOrAdmin(200) },
  'POST /groups/{id}/members': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/members`, body: { email: fx.inviteeEmail } }),
    expect: memberOnly(201),
  },
  'POST /groups/{id}/expenses': {
    request: (fx) => ({
      path: `/groups/${fx.groupId}/expenses`,
      body: { description: 'Taxi', amount: '2.00', paidBy: fx.memberId, split: { type: 'equal', participants: [{ userId: fx.memberId }] } },
    }),
    expect: memberOnly(202),
  },
  'GET /groups/{id}/expenses': { request: (fx) => ({ path: `/groups/${fx.groupId}/expenses` }), expect: ownerOrAdmin(200) },
  'GET /groups/{id}/expenses/{expenseId}': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/expenses/${fx.expenseId}` }),
    expect: ownerOrAdmin(200),
  },
  'DELETE /groups/{id}/expenses/{expenseId}': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/expenses/${fx.doomedExpenseId}` }),
    expect: memberOnly(202),
  },
  'GET /groups/{id}/balances': { request: (fx) => ({ path: `/groups/${fx.groupId}/balances` }), expect: ownerOrAdmin(200) },
  'POST /groups/{id}/settlements': {
    request: (fx) => ({
      path: `/groups/${fx.groupId}/settlements`,
      body: { toUserId: fx.memberId, amount: '1.00', fromAccountId: fx.accountId, toAccountId: fx.memberAccountId },
    }),
    expect: memberOnly(202),
  },
  'GET /groups/{id}/settlements/{settlementId}': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/settlements/${fx.settlementId}` }),
    expect: ownerOrAdmin(200),
  },
  'POST /groups/{id}/expenses/{expenseId}/comments': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/expenses/${fx.expenseId}/comments`, body: { text: 'Thanks!' } }),
    expect: memberOnly(201),
  },
  'GET /groups/{id}/expenses/{expenseId}/comments': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/expenses/${fx.expenseId}/comments` }),
    expect: ownerOrAdmin(200),
  },
  'GET /groups/{id}/events': { request: (fx) => ({ path: `/groups/${fx.groupId}/events` }), expect: ownerOrAdmin(200) },
  'PATCH /groups/{id}/expenses/{expenseId}': {
    request: (fx) => ({
      path: `/groups/${fx.groupId}/expenses/${fx.editableExpenseId}`,
      body: { description: 'Dinner out' },
      headers: { 'if-match': '"1"' },
    }),
    expect: memberOnly(202),
  },
  'POST /groups/{id}/expenses/{expenseId}/restore': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/expenses/${fx.deletedExpenseId}/restore` }),
    expect: memberOnly(202),
  },
  'PUT /groups/{id}/members/me': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/members/me`, body: { receivingAccountId: fx.accountId } }),
    expect: memberOnly(200),
  },
  'DELETE /groups/{id}/members/{userId}': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/members/${fx.leaverId}` }),
    expect: memberOnly(204),
  },
  'GET /groups/{id}/activity': { request: (fx) => ({ path: `/groups/${fx.groupId}/activity` }), expect: ownerOrAdmin(200) },
  'GET /groups/{id}/expenses.csv': { request: (fx) => ({ path: `/groups/${fx.groupId}/expenses.csv` }), expect: ownerOrAdmin(200) },
  'POST /groups/{id}/recurring': {
    request: (fx) => ({
      path: `/groups/${fx.groupId}/recurring`,
      body: {
        description: 'Rent',
        amount: '10.00',
        paidBy: fx.memberId,
        split: { type: 'equal', participants: [{ userId: fx.memberId }] },
        every: 'month',
        startsOn: new Date().toISOString().slice(0, 10),
      },
    }),
    expect: memberOnly(201),
  },
  'GET /groups/{id}/recurring': { request: (fx) => ({ path: `/groups/${fx.groupId}/recurring` }), expect: ownerOrAdmin(200) },
  'DELETE /groups/{id}/recurring/{recurringId}': {
    request: (fx) => ({ path: `/groups/${fx.groupId}/recurring/${fx.recurringId}` }),
    expect: memberOnly(204),
  },
  'PUT /admin/rates/{base}/{quote}': {
    request: () => ({ path: '/admin/rates/USD/EUR', body: { rate: '0.92', date: new Date().toISOString().slice(0, 10) } }),
    expect: adminOnly(200),
  },
  'POST /admin/queues/{name}/redrive': { request: () => ({ path: '/admin/queues/notify/redrive' }), expect: adminOnly(200) },
  'POST /admin/reconciliations': { request: () => ({ path: '/admin/reconciliations' }), expect: adminOnly(200) },
};

const clients = {} as Record<Exclude<Caller, 'none'>, EvenlyClient> & { none: EvenlyClient };
let fx: Fixture;

beforeAll(async () => {
  const url = runtime().httpUrl;
  const ownerEmail = uniqueEmail('owner');
  // One at a time: scrypt on every registration, and a cold function the first time.
  const owner = await signUp(url, 'Owner', ownerEmail);
  const member = await signUp(url, 'Member');
  const stranger = await signUp(url, 'Stranger');
  const admin = await signUpVerified(url, 'Admin', ADMIN_EMAIL);
  const invitee = await signUp(url, 'Invitee');
  const leaver = await signUp(url, 'Leaver');
  Object.assign(clients, { owner: owner.client, stranger: stranger.client, admin: admin.client, none: owner.client.withToken('') });
  const o = owner.client;
  const account = await o.createAccount({ currency: 'EUR' });
  const other = await o.createAccount({ currency: 'EUR' });
  await o.settled(await o.deposit(account.id, '100.00'));
  const transfer = await o.settled(await o.transfer({ fromAccountId: account.id, toAccountId: other.id, amount: '1.00', currency: 'EUR' }));
  const sku = `matrix-${randomUUID().slice(0, 8)}`;
  await o.createProduct({ sku, name: 'Tea', price: '1.00', currency: 'EUR', stock: 50, merchantAccountId: other.id });
  const purchase = await o.purchaseSettled(await o.buy({ sku, quantity: 1, accountId: account.id }));
  const group = await o.createGroup({ name: 'Trip', currency: 'EUR' });
  const memberId = member.session.user.id;
  await o.addMember(group.id, member.session.user.email);
  const memberAccount = await member.client.createAccount({ currency: 'EUR' });
  const split = { type: 'equal' as const, participants: [{ userId: owner.session.user.id }, { userId: memberId }] };
  const expense = await o.expenseSettled(
    group.id,
    await o.addExpense(group.id, { description: 'Dinner', amount: '20.00', paidBy: memberId, split }),
  );
  const doomed = await o.expenseSettled(
    group.id,
    await o.addExpense(group.id, { description: 'Taxi', amount: '2.00', paidBy: memberId, split }),
  );
  const editable = await o.expenseSettled(
    group.id,
    await o.addExpense(group.id, { description: 'Dinner', amount: '4.00', paidBy: memberId, split }),
  );
  const deleted = await o.expenseSettled(
    group.id,
    await o.addExpense(group.id, { description: 'Bus', amount: '2.00', paidBy: memberId, split }),
  );
  await o.deleteExpense(group.id, deleted.id);
  await eventually(async () => (await o.getExpense(group.id, deleted.id)).status === 'DELETED', 'the bus fare deleted');
  await o.addMember(group.id, leaver.session.user.email);
  const settlement = await o.settle(group.id, {
    toUserId: memberId,
    amount: '1.00',
    fromAccountId: account.id,
    toAccountId: memberAccount.id,
  });
  const recurring = await o.addRecurring(group.id, {
    description: 'Cleaning',
    amount: '4.00',
    paidBy: memberId,
    split,
    every: 'week',
    startsOn: new Date().toISOString().slice(0, 10),
  });
  fx = {
    ownerEmail,
    accountId: account.id,
    otherAccountId: other.id,
    transferId: transfer.id,
    sku,
    purchaseId: purchase.id,
    groupId: group.id,
    expenseId: expense.id,
    doomedExpenseId: doomed.id,
    settlementId: settlement.id,
    memberId,
    memberAccountId: memberAccount.id,
    inviteeEmail: invitee.session.user.email,
    editableExpenseId: editable.id,
    deletedExpenseId: deleted.id,
    leaverId: leaver.session.user.id,
    recurringId: recurring.id,
  };
}, 60_000);

describe('the authorization matrix', () => {
  it('has a rule for every route of the manifest, and none for a route it does not have', () => {
    const routes = manifest.routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(Object.keys(RULES).sort()).toEqual(routes);
  });

  it.each(manifest.routes.map((r) => [`${r.method} ${r.path}`, r]))(
    'answers %s as its rule says, for every caller',
    async (name, route) => {
      const rule = RULES[name];
      if (!rule) throw new Error(`${name} has no rule in the authorization matrix`);
      const answers: Record<string, number> = {};
      for (const caller of CALLERS) {
        const { path, body, headers } = rule.request(fx, caller);
        const res = await clients[caller].raw(route.method, path, {
          ...(body === undefined ? {} : { body }),
          ...(headers ? { headers } : {}),
        });
        answers[caller] = res.status;
      }
      expect(answers).toEqual(rule.expect);
    },
  );
});
