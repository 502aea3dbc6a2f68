/**
 * A group as people use it every week: settling without knowing account ids, editing,
 * several payers, restoring, leaving, the activity feed and taking the data away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStepV1 } from '../../events/steps';
import { loseSends, type SentEntry } from '../../infra/local/faults';
import { sqs } from '../../shared/bus/queues';
import type { EvenlyClient, Expense, Session } from '../../shared/client/evenly-client';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from '../support/runtime';
import { signUp, signUpVerified, uniqueEmail, verificationCode } from '../support/users';
import { openSocket } from '../support/ws-client';

const ADMIN_EMAIL = uniqueEmail('rates-admin');
const runtime = useLocalRuntime({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });

/** Debits from these accounts are lost once each (a send lost after the 202), so a settlement stays on its way. */
const held = new Set<string>();
const isHeldDebit = ({ body }: SentEntry): boolean =>
  body.type === AccountStepV1.type && body.detail.step === 'debit' && held.delete(String(body.detail.accountId));
let restoreSends = () => {};
beforeAll(() => {
  restoreSends = loseSends(sqs, isHeldDebit);
});
afterAll(() => restoreSends());

interface Person {
  client: EvenlyClient;
  session: Session;
  id: string;
}

async function person(name: string, email?: string): Promise<Person> {
  const { client, session } = await signUp(runtime().httpUrl, name, email);
  return { client, session, id: session.user.id };
}

async function trip(...names: string[]) {
  const people = await Promise.all(names.map((name) => person(name)));
  const [owner, ...others] = people as [Person, ...Person[]];
  const group = await owner.client.createGroup({ name: 'Trip', currency: 'EUR' });
  for (const other of others) await owner.client.addMember(group.id, other.session.user.email);
  return { group, people };
}

const nets = async (p: Person, groupId: string) => (await p.client.balances(groupId)).balances.map((b) => [b.name, b.net]);
const equal = (...people: Person[]) => ({ type: 'equal' as const, participants: people.map((p) => ({ userId: p.id })) });

/** `payer` paid an expense split equally between `people`, applied. */
const paid = async (payer: Person, groupId: string, description: string, amount: string, ...people: Person[]) =>
  completed(payer, groupId, await payer.client.addExpense(groupId, { description, amount, paidBy: payer.id, split: equal(...people) }));

/** `p` names a new EUR account of theirs as where settlements to them in the group are paid. */
const receivesIn = async (p: Person, groupId: string) =>
  p.client.setReceivingAccount(groupId, (await p.client.createAccount({ currency: 'EUR' })).id);

async function completed(p: Person, groupId: string, expense: Expense, status = 'COMPLETED'): Promise<Expense> {
  const done = await p.client.expenseSettled(groupId, expense, status);
  expect(done.status).toBe(status);
  return done;
}

describe('settling by member', () => {
  it('pays the receiving account the payee named, without the payer knowing its id', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    await paid(ann, group.id, 'Hotel', '80.00', ann, ben);
    const annWallet = await ann.client.createAccount({ currency: 'EUR' });
    expect(await ann.client.setReceivingAccount(group.id, annWallet.id)).toMatchObject({
      userId: ann.id,
      receivingAccountId: annWallet.id,
    });
    expect((await ben.client.balances(group.id)).settlements).toEqual([
      { from: ben.id, fromName: 'Ben', to: ann.id, toName: 'Ann', amount: '40.00', payeeCanReceive: true },
    ]);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    await ben.client.settled(await ben.client.deposit(benWallet.id, '40.00'));
    const settlement = await ben.client.settle(group.id, { toUserId: ann.id, amount: '40.00', fromAccountId: benWallet.id });
    expect((await ben.client.settled({ id: settlement.transferId })).status).toBe('COMPLETED');
    await eventually(async () => (await ben.client.getSettlement(group.id, settlement.id)).status === 'COMPLETED', 'settlement completed');
    expect((await ann.client.getAccount(annWallet.id)).balance).toBe('40.00');
    expect(await nets(ann, group.id)).toEqual([
      ['Ann', '0.00'],
      ['Ben', '0.00'],
    ]);
  });

  it('answers 409 when the payee has named no receiving account, and moves nothing', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    const res = await ben.client.raw<{ type: string; detail: string }>('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ann.id, amount: '5.00', fromAccountId: benWallet.id },
    });
    expect([res.status, res.body.type]).toEqual([409, 'conflict']);
    expect(res.body.detail).toContain('receiving account');
    expect((await ben.client.balances(group.id)).settlements[0]?.payeeCanReceive).toBe(false);
  });

  it('refuses an overpayment with 400 naming the most the payer owes', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    await receivesIn(ann, group.id);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    const res = await ben.client.raw<{ errors: { path: string; message: string }[] }>('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ann.id, amount: '5.01', fromAccountId: benWallet.id },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'amount', message: 'at most 5.00 EUR' }]);
    // Ann owes Ben nothing: any amount from her is too much.
    const back = await ann.client.raw('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ben.id, amount: '0.01', fromAccountId: (await ann.client.createAccount({ currency: 'EUR' })).id },
    });
    expect(back.status).toBe(400);
  });

  it('bounds settlements sent at once together: the second of two full payments is refused, and the debt is paid once', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    await receivesIn(ann, group.id);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    await ben.client.settled(await ben.client.deposit(benWallet.id, '20.00'));
    const pay = () =>
      ben.client.raw<{ errors?: { message: string }[] }>('POST', `/groups/${group.id}/settlements`, {
        body: { toUserId: ann.id, amount: '5.00', fromAccountId: benWallet.id },
      });
    const answers = await Promise.all([pay(), pay(), pay()]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 400, 400]);
    expect(answers.find((a) => a.status === 400)?.body.errors).toEqual([{ path: 'amount', message: 'at most 0.00 EUR' }]);
    await eventually(async () => (await ben.client.getAccount(benWallet.id)).balance === '15.00', 'one settlement paid');
    await eventually(async () => (await nets(ann, group.id)).every(([, net]) => net === '0.00'), 'debt cleared');
    expect((await ben.client.getAccount(benWallet.id)).balance).toBe('15.00');
  });

  it('keeps a member whose settlement is still on its way, even once their net is zero, and the settlement still lands on them', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    await receivesIn(ann, group.id);
    const benWallet = await ben.client.createAccount({ currency: 'EUR' });
    await ben.client.settled(await ben.client.deposit(benWallet.id, '5.00'));
    held.add(benWallet.id);
    const request = { body: { toUserId: ann.id, amount: '5.00', fromAccountId: benWallet.id }, idempotencyKey: `settle-${group.id}` };
    const settlement = await ben.client.raw<{ id: string }>('POST', `/groups/${group.id}/settlements`, request);
    expect([settlement.status, held.has(benWallet.id)]).toEqual([202, false]);
    // Cy's taxi brings Ann's net to zero while Ben's 5.00 to her is still on its way.
    await paid(cy, group.id, 'Taxi back', '10.00', ann, cy);
    expect((await nets(ann, group.id)).find(([name]) => name === 'Ann')).toEqual(['Ann', '0.00']);
    const refused = await ann.client.raw<{ status: number; detail: string }>('DELETE', `/groups/${group.id}/members/${ann.id}`);
    expect([refused.status, refused.body.detail]).toEqual([409, 'Ann has a settlement on its way; wait until it completes.']);
    // The client's retry of the same request sends the lost step again; the settlement lands.
    expect((await ben.client.raw('POST', `/groups/${group.id}/settlements`, request)).status).toBe(202);
    await eventually(async () => (await ben.client.getSettlement(group.id, settlement.body.id)).status === 'COMPLETED', 'landed');
    expect(await nets(ann, group.id)).toEqual([
      ['Ann', '-5.00'],
      ['Ben', '0.00'],
      ['Cy', '5.00'],
    ]);
  });

  it('keeps a member with settlements on their way both to and from them, though the amounts cancel out', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    await receivesIn(ann, group.id);
    await receivesIn(ben, group.id);
    const [annWallet, cyWallet] = await Promise.all([
      ann.client.createAccount({ currency: 'EUR' }),
      cy.client.createAccount({ currency: 'EUR' }),
    ]);
    await paid(ben, group.id, 'Taxi', '10.00', ann, ben);
    held.add(annWallet.id);
    const annPays = await ann.client.raw('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ben.id, amount: '5.00', fromAccountId: annWallet.id },
    });
    expect(annPays.status).toBe(202);
    await paid(ann, group.id, 'Lunch', '10.00', ann, cy);
    held.add(cyWallet.id);
    const cyPays = await cy.client.raw('POST', `/groups/${group.id}/settlements`, {
      body: { toUserId: ann.id, amount: '5.00', fromAccountId: cyWallet.id },
    });
    expect(cyPays.status).toBe(202);
    // Ann's net is zero and what she sends equals what is sent to her, but two payments naming her are on their way.
    expect((await nets(ann, group.id)).find(([name]) => name === 'Ann')).toEqual(['Ann', '0.00']);
    const refused = await ann.client.raw<{ detail: string }>('DELETE', `/groups/${group.id}/members/${ann.id}`);
    expect([refused.status, refused.body.detail]).toEqual([409, 'Ann has a settlement on its way; wait until it completes.']);
  });

  it('refuses a receiving account in another currency or of someone else', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const usd = await ann.client.createAccount({ currency: 'USD' });
    const bens = await ben.client.createAccount({ currency: 'EUR' });
    expect((await ann.client.raw('PUT', `/groups/${group.id}/members/me`, { body: { receivingAccountId: usd.id } })).status).toBe(400);
    expect((await ann.client.raw('PUT', `/groups/${group.id}/members/me`, { body: { receivingAccountId: bens.id } })).status).toBe(404);
  });
});

describe('editing an expense', () => {
  it('applies only the change, keeps its comments, and shows before and after in the activity', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const dinner = await paid(ann, group.id, 'Dinner', '30.00', ann, ben);
    expect(dinner.version).toBe(1);
    await ben.client.comment(group.id, dinner.id, 'was it not 40?');
    const edit = await ben.client.raw<Expense>('PATCH', `/groups/${group.id}/expenses/${dinner.id}`, {
      body: { amount: '40.00' },
      headers: { 'if-match': '"1"' },
    });
    expect([edit.status, edit.body.status]).toEqual([202, 'PENDING']);
    const edited = await completed(ann, group.id, dinner);
    expect([edited.amount, edited.version, edited.shares.map((s) => s.amount)]).toEqual(['40.00', 2, ['20.00', '20.00']]);
    expect(await nets(ann, group.id)).toEqual([
      ['Ann', '20.00'],
      ['Ben', '-20.00'],
    ]);
    expect((await ann.client.comments(group.id, dinner.id)).items.map((c) => c.text)).toEqual(['was it not 40?']);
    const events = (await ann.client.groupEvents(group.id)).items;
    expect(events.at(-1)).toMatchObject({ type: 'ExpenseEdited', data: { deltas: { [ann.id]: '5.00', [ben.id]: '-5.00' } } });
    const [latest] = (await ann.client.activity(group.id)).items;
    expect(latest).toMatchObject({ type: 'ExpenseEdited', actorId: ben.id });
    expect(latest?.text).toBe('Ben edited an expense: "Dinner" 30.00 EUR → "Dinner" 40.00 EUR.');
  });

  it('answers 412 to a stale If-Match and 428 without one, changing nothing', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const taxi = await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    await ann.client.editExpense(group.id, taxi.id, 1, { description: 'Taxi to the airport' });
    await completed(ann, group.id, taxi);
    const stale = await ben.client.raw<{ type: string }>('PATCH', `/groups/${group.id}/expenses/${taxi.id}`, {
      body: { amount: '99.00' },
      headers: { 'if-match': '"1"' },
    });
    expect([stale.status, stale.body.type]).toEqual([412, 'precondition-failed']);
    const none = await ben.client.raw<{ type: string }>('PATCH', `/groups/${group.id}/expenses/${taxi.id}`, { body: { amount: '99.00' } });
    expect([none.status, none.body.type]).toEqual([428, 'precondition-required']);
    expect((await ann.client.getExpense(group.id, taxi.id)).amount).toBe('10.00');
  });
});

describe('several payers, restoring and leaving', () => {
  it('credits each payer what they paid, and a restore re-applies a deleted expense exactly', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    const rent = await completed(
      ann,
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Cabin',
        amount: '90.00',
        paidBy: [
          { userId: ann.id, amount: '60.00' },
          { userId: ben.id, amount: '30.00' },
        ],
        split: equal(ann, ben, cy),
      }),
    );
    expect(rent.paidBy).toEqual([
      { userId: ann.id, amount: '60.00' },
      { userId: ben.id, amount: '30.00' },
    ]);
    const before = await nets(ann, group.id);
    expect(before).toEqual([
      ['Ann', '30.00'],
      ['Ben', '0.00'],
      ['Cy', '-30.00'],
    ]);
    await ann.client.deleteExpense(group.id, rent.id);
    await completed(ann, group.id, rent, 'DELETED');
    await cy.client.restoreExpense(group.id, rent.id);
    await eventually(async () => (await ann.client.getExpense(group.id, rent.id)).version === 3, 'restored');
    expect(await nets(ann, group.id)).toEqual(before);
    // Deleted again after the restore: a new deletion, not a duplicate of the first.
    await ann.client.deleteExpense(group.id, rent.id);
    await eventually(async () => (await ann.client.getExpense(group.id, rent.id)).version === 4, 'deleted again');
    expect((await nets(ann, group.id)).map(([, net]) => net)).toEqual(['0.00', '0.00', '0.00']);
  });

  it('refuses payers who do not sum to the amount with 400', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const res = await ann.client.raw<{ errors: { path: string }[] }>('POST', `/groups/${group.id}/expenses`, {
      body: {
        description: 'x',
        amount: '10.00',
        paidBy: [
          { userId: ann.id, amount: '6.00' },
          { userId: ben.id, amount: '3.00' },
        ],
        split: equal(ann, ben),
      },
    });
    expect([res.status, res.body.errors[0]?.path]).toEqual([400, 'paidBy']);
  });

  it('lets a member leave only once their net is zero', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    await paid(ann, group.id, 'Taxi', '10.00', ann, ben);
    const refused = await ben.client.raw<{ type: string }>('DELETE', `/groups/${group.id}/members/${ben.id}`);
    expect([refused.status, refused.body.type]).toEqual([409, 'conflict']);
    expect((await ann.client.getGroup(group.id)).members).toHaveLength(3);
    expect((await cy.client.raw('DELETE', `/groups/${group.id}/members/${cy.id}`)).status).toBe(204);
    expect((await cy.client.raw('GET', `/groups/${group.id}`)).status).toBe(404);
    const members = (await ann.client.getGroup(group.id)).members.map((m) => m.name);
    expect(members).toEqual(['Ann', 'Ben']);
    expect((await ann.client.activity(group.id)).items[0]).toMatchObject({
      type: 'MemberLeft',
      actorId: cy.id,
      text: 'Cy left the group.',
    });
  });
});

describe('the activity feed and the export', () => {
  it('lists who did what newest first, with a seq per group, and pushes each item on the group topic', async () => {
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const socket = await openSocket(runtime().wsUrl, ann.session.accessToken);
    try {
      socket.send({ action: 'subscribe', topics: [`group:${group.id}`] });
      await socket.waitFor((m) => m.type === 'subscribed');
      const lunch = await paid(ben, group.id, 'Lunch', '12.00', ann, ben);
      await ann.client.comment(group.id, lunch.id, 'thanks');
      const feed = (await ann.client.activity(group.id)).items;
      expect(feed.map((a) => [a.seq, a.type, a.actorId])).toEqual([
        [3, 'ExpenseCommented', ann.id],
        [2, 'ExpenseAdded', ben.id],
        [1, 'MemberJoined', ann.id],
      ]);
      expect(feed[1]?.text).toBe('Ben added "Lunch" (12.00 EUR).');
      const pushed = await socket.waitFor(
        (m) => m.type === 'event' && (m.event as { type: string; data: { seq: number } }).data?.seq === 3,
      );
      expect((pushed.event as { type: string; data: Record<string, unknown> }).type).toBe('GroupActivity');
      expect((pushed.event as { data: Record<string, unknown> }).data).toMatchObject({
        activityType: 'ExpenseCommented',
        text: 'Ann commented on "Lunch": thanks',
      });
    } finally {
      await socket.close();
    }
  });

  it('filters expenses by tag, payer, participant and date, and exports them as CSV with a row per share', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    const food = await ann.client.addExpense(group.id, {
      description: 'Pizza, "large"',
      amount: '9.00',
      paidBy: ann.id,
      split: equal(ann, ben, cy),
      tags: ['food'],
    });
    const fuel = await ann.client.addExpense(group.id, {
      description: 'Fuel',
      amount: '20.00',
      paidBy: ben.id,
      split: equal(ann, ben),
      tags: ['car'],
      note: '=HYPERLINK("http://evil.example","refund")',
    });
    await completed(ann, group.id, food);
    await completed(ann, group.id, fuel);
    const ids = async (filter: Record<string, string>) => (await ann.client.listExpenses(group.id, filter)).items.map((e) => e.id);
    expect(await ids({ tag: 'food' })).toEqual([food.id]);
    expect(await ids({ payer: ben.id })).toEqual([fuel.id]);
    expect(await ids({ participant: cy.id })).toEqual([food.id]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids({ from: today, to: today })).toEqual([fuel.id, food.id]);
    expect(await ids({ to: '2000-01-01' })).toEqual([]);
    const csv = await ann.client.exportExpenses(group.id);
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('expenseId,createdAt,status,description,amount,currency,paidBy,tags,note,userId,share');
    expect(lines).toHaveLength(1 + 3 + 2);
    expect(lines.filter((l) => l.startsWith(food.id))[0]).toContain('"Pizza, ""large"""');
    expect(lines.filter((l) => l.startsWith(fuel.id)).map((l) => l.split(',').slice(-2))).toEqual([
      [ann.id, '10.00'],
      [ben.id, '10.00'],
    ]);
    // A note a spreadsheet would run as a formula opens as the text it was.
    expect(lines.find((l) => l.startsWith(fuel.id))).toContain(`"'=HYPERLINK(""http://evil.example"",""refund"")"`);
  });
});

describe('an expense in another currency', () => {
  it('converts at the rate it was paid at, keeps both amounts, and the nets stay in the group currency', async () => {
    const { group, people } = await trip('Ann', 'Ben', 'Cy');
    const [ann, ben, cy] = people as [Person, Person, Person];
    const boat = await completed(
      ann,
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Boat',
        amount: '100.00',
        currency: 'USD',
        rate: '0.9215',
        paidBy: ben.id,
        split: equal(ann, ben, cy),
      }),
    );
    expect([boat.amount, boat.currency, boat.shares.map((s) => s.amount)]).toEqual(['92.15', 'EUR', ['30.72', '30.72', '30.71']]);
    expect(boat.original).toMatchObject({ amount: '100.00', currency: 'USD', rate: '0.9215', rateSource: 'given' });
    const balances = (await ann.client.balances(group.id)).balances;
    expect(balances.map((b) => b.net)).toEqual(['-30.72', '61.43', '-30.71']);
  });

  it('takes the admin table’s rate of the day when none is given, and refuses a pair the table lacks', async () => {
    // No one is an admin before their email is verified.
    const admin = await signUpVerified(runtime().httpUrl, 'Admin', ADMIN_EMAIL);
    const { group, people } = await trip('Ann', 'Ben');
    const [ann, ben] = people as [Person, Person];
    const today = new Date().toISOString().slice(0, 10);
    expect((await ann.client.raw('PUT', '/admin/rates/JPY/EUR', { body: { rate: '0.00615', date: today } })).status).toBe(404);
    await admin.client.putRate('JPY', 'EUR', { rate: '0.00615', date: today });
    const ramen = await completed(
      ann,
      group.id,
      await ann.client.addExpense(group.id, {
        description: 'Ramen',
        amount: '1234',
        currency: 'JPY',
        paidBy: ann.id,
        split: equal(ann, ben),
      }),
    );
    expect([ramen.amount, ramen.original]).toEqual([
      '7.59',
      { amount: '1234', currency: 'JPY', rate: '0.00615', rateDate: today, rateSource: 'table' },
    ]);
    const res = await ann.client.raw<{ errors: { path: string }[] }>('POST', `/groups/${group.id}/expenses`, {
      body: { description: 'Tea', amount: '3.00', currency: 'GBP', paidBy: ann.id, split: equal(ann, ben) },
    });
    expect([res.status, res.body.errors[0]?.path]).toEqual([400, 'rate']);
  });
});

describe('inviting an address with no user yet', () => {
  it('keeps the invitation and makes that person a member once they register and verify the address', async () => {
    const { group, people } = await trip('Ann');
    const [ann] = people as [Person];
    const email = uniqueEmail('invited');
    expect((await ann.client.raw('POST', `/groups/${group.id}/members`, { body: { email } })).status).toBe(404);
    const invited = await ann.client.raw('POST', `/groups/${group.id}/members`, { body: { email, invite: true } });
    expect([invited.status, invited.body]).toEqual([202, { groupId: group.id, email, status: 'INVITED' }]);
    expect((await ann.client.raw('POST', `/groups/${group.id}/members`, { body: { email, invite: true } })).status).toBe(409);
    const zoe = await person('Zoe', email);
    // Registering an address proves nothing: the invitation waits for the verified email.
    expect((await zoe.client.raw('GET', `/groups/${group.id}`)).status).toBe(404);
    await zoe.client.verifyEmail(await verificationCode(runtime().httpUrl, email));
    expect((await zoe.client.getGroup(group.id)).members.map((m) => m.name)).toEqual(['Ann', 'Zoe']);
    expect((await ann.client.activity(group.id)).items[0]).toMatchObject({
      type: 'MemberJoined',
      actorId: ann.id,
      text: 'Ann added Zoe to the group.',
    });
  });
});
