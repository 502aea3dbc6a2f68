import { describe, expect, it } from 'vitest';
import type { EvenlyClient, Session } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp, signUpVerified, uniqueEmail } from '../support/users';

const ADMIN_EMAIL = uniqueEmail('admin');
const runtime = useLocalRuntime({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });

interface Person {
  client: EvenlyClient;
  session: Session;
  id: string;
}

async function person(name: string, email?: string): Promise<Person> {
  // The admin's email is verified: nobody is an admin before that.
  const { client, session } = await (email === ADMIN_EMAIL ? signUpVerified : signUp)(runtime().httpUrl, name, email);
  return { client, session, id: session.user.id };
}

async function groupOf(owner: Person, ...others: Person[]) {
  const group = await owner.client.createGroup({ name: 'Trip', currency: 'EUR' });
  for (const other of others) await owner.client.addMember(group.id, other.session.user.email);
  return group;
}

const netOf = (balances: { balances: { userId: string; net: string }[] }, id: string) =>
  balances.balances.find((b) => b.userId === id)?.net;

describe('groups', () => {
  it('creates a group with the creator as member and adds members by email', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const res = await ann.client.raw<{ id: string; members: unknown[] }>('POST', '/groups', { body: { name: 'Flat', currency: 'EUR' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Flat', currency: 'EUR', members: [{ userId: ann.id, name: 'Ann' }] });
    const added = await ann.client.raw('POST', `/groups/${res.body.id}/members`, { body: { email: ben.session.user.email } });
    expect(added.status).toBe(201);
    expect((await ben.client.getGroup(res.body.id)).members.map((m) => m.name)).toEqual(['Ann', 'Ben']);
    expect((await ben.client.listGroups()).items.map((g) => g.id)).toContain(res.body.id);
  });

  it('answers an unknown email with 404 and a non-member with 404', async () => {
    const [ann, eve] = [await person('Ann'), await person('Eve')];
    const group = await groupOf(ann);
    expect((await ann.client.raw('POST', `/groups/${group.id}/members`, { body: { email: 'nobody@example.com' } })).status).toBe(404);
    expect((await eve.client.raw('GET', `/groups/${group.id}`)).status).toBe(404);
    expect((await eve.client.raw('POST', `/groups/${group.id}/members`, { body: { email: eve.session.user.email } })).status).toBe(404);
    expect((await eve.client.raw('GET', `/groups/${group.id}/balances`)).status).toBe(404);
  });

  it('lets an admin who is not a member read a group but change nothing in it (403)', async () => {
    const [ann, ben, boss] = [await person('Ann'), await person('Ben'), await person('Boss', ADMIN_EMAIL)];
    expect(boss.session.user.roles).toContain('admin');
    const group = await groupOf(ann, ben);
    const split = { type: 'equal' as const, participants: [{ userId: ann.id }, { userId: ben.id }] };
    const expense = await ann.client.expenseSettled(
      group.id,
      await ann.client.addExpense(group.id, { description: 'Taxi', amount: '10.00', paidBy: ann.id, split }),
    );
    const account = await boss.client.createAccount({ currency: 'EUR' });
    const benAccount = await ben.client.createAccount({ currency: 'EUR' });
    expect((await boss.client.raw('GET', `/groups/${group.id}`)).status).toBe(200);
    expect((await boss.client.raw('GET', `/groups/${group.id}/balances`)).status).toBe(200);
    const writes: [string, string, Record<string, unknown>?][] = [
      ['POST', `/groups/${group.id}/members`, { email: boss.session.user.email }],
      [
        'POST',
        `/groups/${group.id}/expenses`,
        { description: 'Mine', amount: '1.00', paidBy: ann.id, split: { type: 'equal', participants: [{ userId: ann.id }] } },
      ],
      ['DELETE', `/groups/${group.id}/expenses/${expense.id}`],
      ['POST', `/groups/${group.id}/expenses/${expense.id}/comments`, { text: 'hi' }],
      [
        'POST',
        `/groups/${group.id}/settlements`,
        { toUserId: ben.id, amount: '1.00', fromAccountId: account.id, toAccountId: benAccount.id },
      ],
    ];
    for (const [method, path, body] of writes) {
      const res = await boss.client.raw<{ type: string }>(method, path, body ? { body } : {});
      expect([path, res.status, res.body.type]).toEqual([path, 403, 'forbidden']);
    }
    const after = await ann.client.raw<{ members: unknown[] }>('GET', `/groups/${group.id}`);
    expect(after.body.members).toHaveLength(2);
    expect((await ann.client.listExpenses(group.id)).items.map((e) => e.id)).toEqual([expense.id]);
    expect(netOf(await ann.client.balances(group.id), ann.id)).toBe('5.00');
  });

  it('refuses adding someone twice with 409', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    expect((await ann.client.raw('POST', `/groups/${group.id}/members`, { body: { email: ben.session.user.email } })).status).toBe(409);
  });
});

describe('expenses', () => {
  it('splits equally with the remainder handed out deterministically, and updates balances', async () => {
    const [ann, ben, cy] = [await person('Ann'), await person('Ben'), await person('Cy')];
    const group = await groupOf(ann, ben, cy);
    const res = await ann.client.raw<{ id: string }>('POST', `/groups/${group.id}/expenses`, {
      body: {
        description: 'Dinner',
        amount: '10.00',
        paidBy: ann.id,
        split: { type: 'equal', participants: [{ userId: ann.id }, { userId: ben.id }, { userId: cy.id }] },
        note: 'yum',
        tags: ['food'],
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      shares: [
        { userId: ann.id, amount: '3.34' },
        { userId: ben.id, amount: '3.33' },
        { userId: cy.id, amount: '3.33' },
      ],
      note: 'yum',
      tags: ['food'],
    });
    expect((await ann.client.expenseSettled(group.id, res.body)).status).toBe('COMPLETED');
    const balances = await ben.client.balances(group.id);
    expect([netOf(balances, ann.id), netOf(balances, ben.id), netOf(balances, cy.id)]).toEqual(['6.66', '-3.33', '-3.33']);
    expect(balances.settlements).toHaveLength(2);
  });

  it.each([
    ['exact', [{ amount: '7.00' }, { amount: '3.00' }], ['3.00', '-3.00']],
    ['percent', [{ percent: '70' }, { percent: 30 }], ['3.00', '-3.00']],
    ['shares', [{ shares: 1 }, { shares: 3 }], ['7.50', '-7.50']],
  ] as const)('applies a %s split', async (type, values, nets) => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    const amount = type === 'shares' ? '10.00' : '10.00';
    const expense = await ann.client.addExpense(group.id, {
      description: type,
      amount,
      paidBy: ann.id,
      split: {
        type,
        participants: [
          { userId: ann.id, ...values[0] },
          { userId: ben.id, ...values[1] },
        ],
      },
    });
    await ann.client.expenseSettled(group.id, expense);
    const balances = await ann.client.balances(group.id);
    expect([netOf(balances, ann.id), netOf(balances, ben.id)]).toEqual(nets);
  });

  it.each([
    ['exact amounts that do not add up', { type: 'exact', participants: [{ amount: '5.00' }, { amount: '3.00' }] }],
    ['percents that do not add up', { type: 'percent', participants: [{ percent: '50' }, { percent: '49.99' }] }],
    ['a percent with 3 decimals', { type: 'percent', participants: [{ percent: '50.005' }, { percent: '49.995' }] }],
    ['zero shares', { type: 'shares', participants: [{ shares: 0 }, { shares: 1 }] }],
    ['an amount the equal split would ignore', { type: 'equal', participants: [{ amount: '3.00' }, {}] }],
    ['shares next to percents', { type: 'percent', participants: [{ percent: '50', shares: 1 }, { percent: '50' }] }],
  ])('refuses %s with 400', async (_what, split) => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    const participants = (split.participants as Record<string, unknown>[]).map((p, i) => ({ userId: i === 0 ? ann.id : ben.id, ...p }));
    const res = await ann.client.raw('POST', `/groups/${group.id}/expenses`, {
      body: { description: 'x', amount: '9.00', paidBy: ann.id, split: { type: split.type, participants } },
    });
    expect(res.status).toBe(400);
    expect(await ann.client.raw('GET', `/groups/${group.id}/expenses`)).toMatchObject({ body: { items: [] } });
  });

  it('refuses a participant or payer who is not a member with 400', async () => {
    const [ann, eve] = [await person('Ann'), await person('Eve')];
    const group = await groupOf(ann);
    const res = await ann.client.raw('POST', `/groups/${group.id}/expenses`, {
      body: {
        description: 'x',
        amount: '9.00',
        paidBy: eve.id,
        split: { type: 'equal', participants: [{ userId: ann.id }, { userId: eve.id }] },
      },
    });
    expect(res.status).toBe(400);
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['paidBy', 'split.participants.1.userId']),
    );
  });

  it('reverses exactly an expense’s effect when it is deleted, keeping both events in history, and the nets equal the fold of the events', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    const split = { type: 'equal' as const, participants: [{ userId: ann.id }, { userId: ben.id }] };
    const keep = await ann.client.addExpense(group.id, { description: 'keep', amount: '4.00', paidBy: ann.id, split });
    const drop = await ann.client.addExpense(group.id, { description: 'drop', amount: '9.99', paidBy: ben.id, split });
    await ann.client.expenseSettled(group.id, keep);
    await ann.client.expenseSettled(group.id, drop);
    const res = await ben.client.raw('DELETE', `/groups/${group.id}/expenses/${drop.id}`);
    expect(res.status).toBe(202);
    expect((await ann.client.expenseSettled(group.id, drop, 'DELETED')).status).toBe('DELETED');
    const balances = await ann.client.balances(group.id);
    expect([netOf(balances, ann.id), netOf(balances, ben.id)]).toEqual(['2.00', '-2.00']);
    const events = await ann.client.groupEvents(group.id);
    expect(events.items.map((e) => e.type)).toEqual(['MemberJoined', 'ExpenseAdded', 'ExpenseAdded', 'ExpenseDeleted']);
    const fold = new Map<string, bigint>();
    for (const e of events.items) {
      for (const [u, d] of Object.entries(e.data.deltas as Record<string, string>))
        fold.set(u, (fold.get(u) ?? 0n) + BigInt(d.replace('.', '')));
    }
    expect(fold.get(ann.id)).toBe(200n);
    expect(fold.get(ben.id)).toBe(-200n);
    const listed = await ann.client.listExpenses(group.id);
    expect(listed.items.map((e) => [e.description, e.status])).toEqual([
      ['drop', 'DELETED'],
      ['keep', 'COMPLETED'],
    ]);
  });

  it('keeps comments on an expense, for members only', async () => {
    const [ann, ben, eve] = [await person('Ann'), await person('Ben'), await person('Eve')];
    const group = await groupOf(ann, ben);
    const expense = await ann.client.addExpense(group.id, {
      description: 'x',
      amount: '1.00',
      paidBy: ann.id,
      split: { type: 'equal', participants: [{ userId: ben.id }] },
    });
    const res = await ben.client.raw('POST', `/groups/${group.id}/expenses/${expense.id}/comments`, { body: { text: 'thanks!' } });
    expect(res.status).toBe(201);
    expect((await ann.client.comments(group.id, expense.id)).items).toMatchObject([{ text: 'thanks!', authorId: ben.id }]);
    expect((await eve.client.raw('GET', `/groups/${group.id}/expenses/${expense.id}/comments`)).status).toBe(404);
    expect((await eve.client.raw('POST', `/groups/${group.id}/expenses/${expense.id}/comments`, { body: { text: 'hi' } })).status).toBe(
      404,
    );
  });
});

describe('settling up', () => {
  it('moves real wallet money and then clears the debt', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    await ann.client.expenseSettled(
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Hotel',
        amount: '80.00',
        paidBy: ann.id,
        split: { type: 'equal', participants: [{ userId: ann.id }, { userId: ben.id }] },
      }),
    );
    const plan = await ben.client.balances(group.id);
    expect(plan.settlements).toEqual([
      { from: ben.id, fromName: 'Ben', to: ann.id, toName: 'Ann', amount: '40.00', payeeCanReceive: false },
    ]);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    await ben.client.settled(await ben.client.deposit(benWallet.id, '50.00'));
    const annWallet = await ann.client.createAccount({ currency: 'EUR' });
    const res = await ben.client.raw<{ transferId: string; status: string }>('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ann.id, amount: '40.00', fromAccountId: benWallet.id, toAccountId: annWallet.id },
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('PENDING');
    expect(res.headers.get('location')).toMatch(new RegExp(`^/groups/${group.id}/settlements/`));
    expect((await ben.client.settled({ id: res.body.transferId })).status).toBe('COMPLETED');
    const cleared = await ann.client.waitFor(
      () => ann.client.balances(group.id),
      (b) => b.settlements.length === 0,
    );
    expect(cleared.balances.map((b) => b.net)).toEqual(['0.00', '0.00']);
    expect((await ben.client.getAccount(benWallet.id)).balance).toBe('10.00');
    expect((await ann.client.getAccount(annWallet.id)).balance).toBe('40.00');
    expect((await ann.client.groupEvents(group.id)).items.map((e) => e.type)).toEqual([
      'MemberJoined',
      'ExpenseAdded',
      'SettlementRecorded',
    ]);
  });

  it('leaves the nets untouched when the settlement transfer fails, the settlement carrying the transfer’s reason', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    await ann.client.expenseSettled(
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Taxi',
        amount: '20.00',
        paidBy: ann.id,
        split: { type: 'exact', participants: [{ userId: ben.id, amount: '20.00' }] },
      }),
    );
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    const annWallet = await ann.client.createAccount({ currency: 'EUR' });
    const settlement = await ben.client.settle(group.id, {
      toUserId: ann.id,
      amount: '20.00',
      fromAccountId: benWallet.id,
      toAccountId: annWallet.id,
    });
    expect(await ben.client.settled({ id: settlement.transferId })).toMatchObject({
      status: 'FAILED',
      failureReason: 'INSUFFICIENT_FUNDS',
    });
    const failed = await ben.client.waitFor(
      () => ben.client.getSettlement(group.id, settlement.id),
      (s) => s.status !== 'PENDING',
    );
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    const balances = await ann.client.balances(group.id);
    expect([netOf(balances, ann.id), netOf(balances, ben.id)]).toEqual(['20.00', '-20.00']);
    expect((await ann.client.groupEvents(group.id)).items.map((e) => e.type)).toEqual(['MemberJoined', 'ExpenseAdded', 'SettlementFailed']);
  });

  it('refuses to settle into an account that is not the receiver’s with 400', async () => {
    const [ann, ben] = [await person('Ann'), await person('Ben')];
    const group = await groupOf(ann, ben);
    await ann.client.expenseSettled(
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Taxi',
        amount: '2.00',
        paidBy: ann.id,
        split: { type: 'exact', participants: [{ userId: ben.id, amount: '2.00' }] },
      }),
    );
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    const res = await ben.client.raw('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ann.id, amount: '1.00', fromAccountId: benWallet.id, toAccountId: benWallet.id },
    });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ path: 'toAccountId' }] } });
  });
});
