import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime();

async function fundedAccount(client: EvenlyClient, amount: string, currency = 'EUR') {
  const account = await client.createAccount({ currency });
  if (amount !== '0') expect((await client.settled(await client.deposit(account.id, amount))).status).toBe('COMPLETED');
  return account;
}

describe('accounts', () => {
  it('creates an account with a zero balance', async () => {
    const { client, session } = await signUp(runtime().httpUrl);
    const res = await client.raw<Record<string, unknown>>('POST', '/accounts', { body: { currency: 'EUR', name: 'Daily' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/accounts/${res.body.id}`);
    expect(res.body).toMatchObject({
      ownerId: session.user.id,
      name: 'Daily',
      currency: 'EUR',
      balance: '0.00',
      createdAt: expect.any(String),
    });
  });

  it('lists only the caller’s accounts, newest first, with pagination', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const { client: other } = await signUp(runtime().httpUrl);
    const mine: { id: string }[] = [];
    for (const currency of ['EUR', 'USD', 'JPY']) mine.push(await client.createAccount({ currency }));
    await other.createAccount({ currency: 'EUR' });
    const first = await client.listAccounts({ limit: 2 });
    expect(first.items.map((a) => a.id)).toEqual([mine[2]?.id, mine[1]?.id]);
    expect(first.nextCursor).toBeTruthy();
    const second = await client.listAccounts({ limit: 2, cursor: first.nextCursor as string });
    expect(second.items.map((a) => a.id)).toEqual([mine[0]?.id]);
  });

  it('answers another user’s account with 404', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const { client: other } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    expect((await other.raw('GET', `/accounts/${account.id}`)).status).toBe(404);
    expect((await other.raw('GET', `/accounts/${account.id}/entries`)).status).toBe(404);
    expect((await other.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '1.00' } })).status).toBe(404);
  });

  it.each([[{ currency: 'XXX' }], [{ currency: 'EUR', extra: 1 }], [{}]])('refuses %j with 400', async (body) => {
    const { client } = await signUp(runtime().httpUrl);
    expect((await client.raw('POST', '/accounts', { body })).status).toBe(400);
  });

  it('answers a garbage cursor with 400', async () => {
    const { client } = await signUp(runtime().httpUrl);
    expect((await client.raw('GET', '/accounts', { query: { cursor: 'garbage' } })).status).toBe(400);
    expect((await client.raw('GET', '/accounts', { query: { limit: 0 } })).status).toBe(400);
    expect((await client.raw('GET', '/accounts', { query: { limit: 101 } })).status).toBe(400);
  });
});

describe('deposits and withdrawals', () => {
  it('accepts a deposit with 202 and a location, then completes it', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const res = await client.raw<Record<string, unknown>>('POST', `/accounts/${account.id}/deposits`, { body: { amount: '12.34' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'deposit', status: 'PENDING', toAccountId: account.id, amount: '12.34', currency: 'EUR' });
    expect(res.headers.get('location')).toBe(`/transfers/${res.body.id}`);
    const done = await client.settled({ id: String(res.body.id) });
    expect(done).toMatchObject({ status: 'COMPLETED', completedAt: expect.any(String) });
    expect((await client.getAccount(account.id)).balance).toBe('12.34');
  });

  it('fails a withdrawal above the balance with INSUFFICIENT_FUNDS and leaves the balance unchanged', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await fundedAccount(client, '5.00');
    const withdrawal = await client.settled(await client.withdraw(account.id, '5.01'));
    expect(withdrawal).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect((await client.getAccount(account.id)).balance).toBe('5.00');
    expect((await client.settled(await client.withdraw(account.id, '5.00'))).status).toBe('COMPLETED');
    expect((await client.getAccount(account.id)).balance).toBe('0.00');
  });

  it.each(['0', '-5.00', '1.234', '1e3', ' 1', '1000000000000.01'])('refuses the amount %j with 400', async (amount) => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const res = await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'validation-error', errors: [expect.objectContaining({ path: 'amount' })] });
  });

  it('refuses an amount given as a number', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    expect((await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: 5 } })).status).toBe(400);
  });

  it('takes JPY without decimals', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await fundedAccount(client, '1200', 'JPY');
    expect((await client.getAccount(account.id)).balance).toBe('1200');
  });
});

describe('idempotency', () => {
  it('replays the original response for the same key and body and moves money once', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const key = randomUUID();
    const first = await client.raw<{ id: string }>('POST', `/accounts/${account.id}/deposits`, {
      body: { amount: '7.00' },
      idempotencyKey: key,
    });
    const again = await client.raw<{ id: string }>('POST', `/accounts/${account.id}/deposits`, {
      body: { amount: '7.00' },
      idempotencyKey: key,
    });
    expect(again.status).toBe(first.status);
    expect(again.body.id).toBe(first.body.id);
    await client.settled(first.body);
    expect((await client.getAccount(account.id)).balance).toBe('7.00');
  });

  it('answers the same key with a different body with 409 idempotency-key-reused', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const key = randomUUID();
    await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '7.00' }, idempotencyKey: key });
    const res = await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '8.00' }, idempotencyKey: key });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'idempotency-key-reused' });
  });

  it('creates one deposit when identical requests race', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.raw<{ id: string }>('POST', `/accounts/${account.id}/deposits`, { body: { amount: '3.00' }, idempotencyKey: key }),
      ),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    await client.settled(results[0]?.body as { id: string });
    expect((await client.getAccount(account.id)).balance).toBe('3.00');
  });

  it('scopes keys per user', async () => {
    const { client: a } = await signUp(runtime().httpUrl);
    const { client: b } = await signUp(runtime().httpUrl);
    const [accountA, accountB] = [await a.createAccount({ currency: 'EUR' }), await b.createAccount({ currency: 'EUR' })];
    const key = randomUUID();
    const ra = await a.raw<{ id: string }>('POST', `/accounts/${accountA.id}/deposits`, { body: { amount: '1.00' }, idempotencyKey: key });
    const rb = await b.raw<{ id: string }>('POST', `/accounts/${accountB.id}/deposits`, { body: { amount: '1.00' }, idempotencyKey: key });
    expect(rb.status).toBe(202);
    expect(rb.body.id).not.toBe(ra.body.id);
  });

  it('refuses a malformed idempotency key with 400', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await client.createAccount({ currency: 'EUR' });
    const res = await client.raw('POST', `/accounts/${account.id}/deposits`, { body: { amount: '1.00' }, idempotencyKey: 'has spaces!' });
    expect(res.status).toBe(400);
  });
});

describe('transfers', () => {
  it('moves money between two users and shows it to both, with entries on both sides', async () => {
    const { client: alice } = await signUp(runtime().httpUrl, 'Alice');
    const { client: bob } = await signUp(runtime().httpUrl, 'Bob');
    const from = await fundedAccount(alice, '100.00');
    const to = await bob.createAccount({ currency: 'EUR' });
    const accepted = await alice.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '30.50', currency: 'EUR', memo: 'rent' });
    expect(accepted).toMatchObject({
      kind: 'transfer',
      status: 'PENDING',
      fromAccountId: from.id,
      toAccountId: to.id,
      amount: '30.50',
      memo: 'rent',
    });
    expect((await alice.settled(accepted)).status).toBe('COMPLETED');
    expect((await bob.getTransfer(accepted.id)).status).toBe('COMPLETED');
    expect((await alice.getAccount(from.id)).balance).toBe('69.50');
    expect((await bob.getAccount(to.id)).balance).toBe('30.50');
    const [aliceEntries, bobEntries] = [await alice.entries(from.id), await bob.entries(to.id)];
    expect(aliceEntries.items[0]).toMatchObject({ transferId: accepted.id, amount: '-30.50', balanceAfter: '69.50', kind: 'transfer' });
    expect(bobEntries.items[0]).toMatchObject({ transferId: accepted.id, amount: '30.50', balanceAfter: '30.50', kind: 'transfer' });
  });

  it('hides a transfer from users who own neither account', async () => {
    const { client: alice } = await signUp(runtime().httpUrl);
    const { client: bob } = await signUp(runtime().httpUrl);
    const { client: eve } = await signUp(runtime().httpUrl);
    const from = await fundedAccount(alice, '10.00');
    const to = await bob.createAccount({ currency: 'EUR' });
    const t = await alice.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: '1.00', currency: 'EUR' });
    expect((await eve.raw('GET', `/transfers/${t.id}`)).status).toBe(404);
  });

  it('refuses a transfer from an account the caller does not own with 404', async () => {
    const { client: alice } = await signUp(runtime().httpUrl);
    const { client: eve } = await signUp(runtime().httpUrl);
    const from = await fundedAccount(alice, '10.00');
    const mine = await eve.createAccount({ currency: 'EUR' });
    const res = await eve.raw('POST', '/transfers', {
      body: { fromAccountId: from.id, toAccountId: mine.id, amount: '1.00', currency: 'EUR' },
    });
    expect(res.status).toBe(404);
    expect((await alice.getAccount(from.id)).balance).toBe('10.00');
  });

  it('refuses the same account on both sides with 400', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await fundedAccount(client, '10.00');
    const res = await client.raw('POST', '/transfers', {
      body: { fromAccountId: account.id, toAccountId: account.id, amount: '1.00', currency: 'EUR' },
    });
    expect(res.status).toBe(400);
  });

  it('fails a transfer to a missing account with ACCOUNT_NOT_FOUND', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const from = await fundedAccount(client, '10.00');
    const t = await client.transfer({ fromAccountId: from.id, toAccountId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', amount: '1.00', currency: 'EUR' });
    expect(await client.settled(t)).toMatchObject({ status: 'FAILED', failureReason: 'ACCOUNT_NOT_FOUND' });
    expect((await client.getAccount(from.id)).balance).toBe('10.00');
  });

  it('fails a transfer across currencies with CURRENCY_MISMATCH', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const from = await fundedAccount(client, '10.00');
    const usd = await client.createAccount({ currency: 'USD' });
    const t = await client.transfer({ fromAccountId: from.id, toAccountId: usd.id, amount: '1.00', currency: 'EUR' });
    expect(await client.settled(t)).toMatchObject({ status: 'FAILED', failureReason: 'CURRENCY_MISMATCH' });
    expect((await client.getAccount(from.id)).balance).toBe('10.00');
    expect((await client.getAccount(usd.id)).balance).toBe('0.00');
  });

  it('exposes the account event stream, whose fold equals the balance', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const account = await fundedAccount(client, '50.00');
    await client.settled(await client.withdraw(account.id, '20.00'));
    await client.settled(await client.withdraw(account.id, '99.00'));
    const events = await client.accountEvents(account.id);
    expect(events.items.map((e) => e.seq)).toEqual([1, 2]);
    expect(events.items.map((e) => e.type)).toEqual(['Credited', 'Debited']);
    const fold = events.items.reduce((sum, e) => sum + Math.round(Number(e.data.amount) * 100), 0);
    expect(fold).toBe(3000);
    expect((await client.getAccount(account.id)).balance).toBe('30.00');
  });

  it('keeps every balance non-negative and the total unchanged when many transfers race', async () => {
    const { client } = await signUp(runtime().httpUrl);
    const accounts: { id: string }[] = [];
    for (const amount of ['10.00', '10.00', '10.00', '10.00']) accounts.push(await fundedAccount(client, amount));
    const transfers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const from = accounts[i % 4] as { id: string };
        const to = accounts[(i * 3 + 1) % 4] as { id: string };
        if (from.id === to.id) return undefined;
        return client.transfer({ fromAccountId: from.id, toAccountId: to.id, amount: `${(i % 7) + 1}.00`, currency: 'EUR' });
      }),
    );
    const settled = await Promise.all(transfers.filter((t) => t !== undefined).map((t) => client.settled(t, 60_000)));
    expect(settled.every((t) => t.status === 'COMPLETED' || t.failureReason === 'INSUFFICIENT_FUNDS')).toBe(true);
    let total = 0n;
    for (const account of accounts) {
      const balance = BigInt((await client.getAccount(account.id)).balance.replace('.', ''));
      expect(balance >= 0n).toBe(true);
      const entries = await client.entries(account.id, { limit: 100 });
      const sum = entries.items.reduce((s, e) => s + BigInt(e.amount.replace('.', '')), 0n);
      expect(sum).toBe(balance);
      total += balance;
    }
    expect(total).toBe(4000n);
  });
});
