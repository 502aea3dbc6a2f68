/**
 * Hot items end to end: many commands aimed at one account or one product at once, through
 * the whole local runtime. The final balances, stock and entries must be exact, whatever order
 * the steps were applied in.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime();
const minor = (money: string): bigint => BigInt(money.replace('.', ''));
const SETTLE_MS = 90_000;

async function walletOf(name: string, amount: string): Promise<{ client: EvenlyClient; accountId: string }> {
  const { client } = await signUp(runtime().httpUrl, name);
  const account = await client.createAccount({ currency: 'EUR' });
  if (amount !== '0.00') expect((await client.settled(await client.deposit(account.id, amount))).status).toBe('COMPLETED');
  return { client, accountId: account.id };
}

async function entriesSum(client: EvenlyClient, accountId: string): Promise<{ sum: bigint; count: number }> {
  const page = await client.entries(accountId, { limit: 100 });
  expect(page.nextCursor).toBeNull();
  return { sum: page.items.reduce((s, e) => s + minor(e.amount), 0n), count: page.items.length };
}

describe('many payers to one account', () => {
  it('credits the payee with exactly the completed transfers and refuses what a payer cannot cover', async () => {
    const payee = await walletOf('Payee', '0.00');
    // Ten payers with 10.00 each; each sends 4.00, 3.00 and 5.00 at once, so for every payer
    // at least one of the three cannot be covered (12.00 > 10.00) and exactly which one depends on order.
    const payers = await Promise.all(Array.from({ length: 10 }, (_, i) => walletOf(`Payer${i}`, '10.00')));
    const sent = await Promise.all(
      payers.flatMap((payer) =>
        ['4.00', '3.00', '5.00'].map(async (amount) => {
          const transfer = await payer.client.transfer({
            fromAccountId: payer.accountId,
            toAccountId: payee.accountId,
            amount,
            currency: 'EUR',
          });
          expect(transfer.status).toBe('PENDING');
          return { payer, transfer: await payer.client.settled(transfer, SETTLE_MS) };
        }),
      ),
    );

    let credited = 0n;
    let completedCount = 0;
    for (const payer of payers) {
      const mine = sent.filter((s) => s.payer === payer).map((s) => s.transfer);
      const completed = mine.filter((t) => t.status === 'COMPLETED');
      const failed = mine.filter((t) => t.status === 'FAILED');
      expect(completed.length + failed.length).toBe(3);
      expect(failed.every((t) => t.failureReason === 'INSUFFICIENT_FUNDS')).toBe(true);
      expect(failed.length).toBeGreaterThanOrEqual(1);
      const paid = completed.reduce((s, t) => s + minor(t.amount), 0n);
      const account = await payer.client.getAccount(payer.accountId);
      expect(minor(account.balance)).toBe(1000n - paid);
      expect(account.incoming).toBe('0.00');
      expect((await entriesSum(payer.client, payer.accountId)).sum).toBe(1000n - paid);
      credited += paid;
      completedCount += completed.length;
    }

    const account = await payee.client.getAccount(payee.accountId);
    expect(minor(account.balance)).toBe(credited);
    expect(account.incoming).toBe('0.00');
    const entries = await entriesSum(payee.client, payee.accountId);
    expect(entries).toEqual({ sum: credited, count: completedCount });
    // Every credit has its own place in the account's stream: seq 1..n with no gap or repeat.
    const events = await payee.client.accountEvents(payee.accountId, { limit: 100 });
    expect(events.items.map((e) => e.seq)).toEqual(Array.from({ length: completedCount }, (_, i) => i + 1));
  });
});

describe('many buyers for the last units', () => {
  async function shop(stock: number, price: string) {
    const merchant = await walletOf('Merchant', '0.00');
    const sku = `last-${randomUUID().slice(0, 8)}`;
    await merchant.client.createProduct({ sku, name: 'Last ones', price, currency: 'EUR', stock, merchantAccountId: merchant.accountId });
    return { merchant, sku };
  }

  it('sells exactly the stock there is, once each, and fails the rest OUT_OF_STOCK without touching their money', async () => {
    const { merchant, sku } = await shop(5, '2.50');
    const buyers = await Promise.all(Array.from({ length: 14 }, (_, i) => walletOf(`Buyer${i}`, '10.00')));
    const purchases = await Promise.all(
      buyers.map(async (buyer) => {
        const purchase = await buyer.client.buy({ sku, quantity: 1, accountId: buyer.accountId });
        return { buyer, purchase: await buyer.client.purchaseSettled(purchase, SETTLE_MS) };
      }),
    );

    const completed = purchases.filter((p) => p.purchase.status === 'COMPLETED');
    const failed = purchases.filter((p) => p.purchase.status === 'FAILED');
    expect(completed).toHaveLength(5);
    expect(failed).toHaveLength(9);
    expect(failed.every((p) => p.purchase.failureReason === 'OUT_OF_STOCK')).toBe(true);
    for (const { buyer, purchase } of purchases) {
      const account = await buyer.client.getAccount(buyer.accountId);
      expect(account.balance).toBe(purchase.status === 'COMPLETED' ? '7.50' : '10.00');
      expect((await entriesSum(buyer.client, buyer.accountId)).count).toBe(purchase.status === 'COMPLETED' ? 2 : 1);
    }
    expect((await merchant.client.getProduct(sku)).stock).toBe(0);
    const account = await merchant.client.getAccount(merchant.accountId);
    expect(account.balance).toBe('12.50');
    expect(account.incoming).toBe('0.00');
    expect(await entriesSum(merchant.client, merchant.accountId)).toEqual({ sum: 1250n, count: 5 });
  });

  it('gives units back when a buyer who reserved them cannot pay, so the stock and money stay exact', async () => {
    // Three rich and three poor buyers race for six units: each poor buyer's reservation must be
    // released by its compensation, so exactly three units are left.
    const { merchant, sku } = await shop(6, '3.00');
    const buyers = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => walletOf(`Rich${i}`, '10.00')),
      ...Array.from({ length: 3 }, (_, i) => walletOf(`Poor${i}`, '1.00')),
    ]);
    const purchases = await Promise.all(
      buyers.map(async (buyer) => {
        const purchase = await buyer.client.buy({ sku, quantity: 1, accountId: buyer.accountId });
        return { buyer, purchase: await buyer.client.purchaseSettled(purchase, SETTLE_MS) };
      }),
    );

    const poor = purchases.slice(3);
    expect(poor.every((p) => p.purchase.status === 'FAILED' && p.purchase.failureReason === 'INSUFFICIENT_FUNDS')).toBe(true);
    for (const { buyer } of poor) expect((await buyer.client.getAccount(buyer.accountId)).balance).toBe('1.00');
    const rich = purchases.slice(0, 3);
    expect(rich.map((p) => p.purchase.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    for (const { buyer } of rich) expect((await buyer.client.getAccount(buyer.accountId)).balance).toBe('7.00');
    expect((await merchant.client.getProduct(sku)).stock).toBe(3);
    expect((await merchant.client.getAccount(merchant.accountId)).balance).toBe('9.00');
  });
});
