import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { useLocalRuntime } from '../support/runtime';
import { signUp } from '../support/users';

const runtime = useLocalRuntime();
const sku = () => `sku-${randomUUID().slice(0, 8)}`;

async function merchant(stock = 10, price = '2.50', currency = 'EUR') {
  const { client, session } = await signUp(runtime().httpUrl, 'Merchant');
  const account = await client.createAccount({ currency });
  const product = await client.createProduct({ sku: sku(), name: 'Widget', price, currency, stock, merchantAccountId: account.id });
  return { client, session, account, product };
}

async function buyer(amount: string, currency = 'EUR') {
  const { client, session } = await signUp(runtime().httpUrl, 'Buyer');
  const account = await client.createAccount({ currency });
  await client.settled(await client.deposit(account.id, amount));
  return { client, session, account };
}

const minor = (s: string) => BigInt(s.replace('.', ''));

describe('products', () => {
  it('lists a product against the merchant’s own account', async () => {
    const m = await merchant(5, '3.00');
    expect(m.product).toMatchObject({
      name: 'Widget',
      price: '3.00',
      currency: 'EUR',
      stock: 5,
      merchantAccountId: m.account.id,
      merchantId: m.session.user.id,
    });
    expect(await m.client.getProduct(m.product.sku)).toMatchObject({ stock: 5 });
    const page = await m.client.listProducts({ limit: 100 });
    expect(page.items.map((p) => p.sku)).toContain(m.product.sku);
  });

  it('refuses a duplicate sku with 409', async () => {
    const m = await merchant();
    const res = await m.client.raw('POST', '/products', {
      body: { sku: m.product.sku, name: 'Again', price: '1.00', currency: 'EUR', stock: 1, merchantAccountId: m.account.id },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'conflict' });
  });

  it('refuses listing against someone else’s account with 404', async () => {
    const m = await merchant();
    const { client: other } = await signUp(runtime().httpUrl);
    const res = await other.raw('POST', '/products', {
      body: { sku: sku(), name: 'Mine', price: '1.00', currency: 'EUR', stock: 1, merchantAccountId: m.account.id },
    });
    expect(res.status).toBe(404);
  });

  it.each([[{ price: '1.001' }], [{ stock: -1 }], [{ stock: 1.5 }], [{ sku: 'has space' }], [{ price: 5 }], [{ extra: true }]])(
    'refuses an invalid product %j with 400',
    async (override) => {
      const { client } = await signUp(runtime().httpUrl);
      const account = await client.createAccount({ currency: 'EUR' });
      const res = await client.raw('POST', '/products', {
        body: { sku: sku(), name: 'W', price: '1.00', currency: 'EUR', stock: 1, merchantAccountId: account.id, ...override },
      });
      expect(res.status).toBe(400);
    },
  );

  it('lets only the owner patch price, stock and name', async () => {
    const m = await merchant(3, '1.00');
    expect(await m.client.updateProduct(m.product.sku, { price: '4.20', stock: 7, name: 'Gadget' })).toMatchObject({
      price: '4.20',
      stock: 7,
      name: 'Gadget',
    });
    const { client: other } = await signUp(runtime().httpUrl);
    expect((await other.raw('PATCH', `/products/${m.product.sku}`, { body: { stock: 0 } })).status).toBe(404);
    expect((await m.client.raw('PATCH', `/products/${m.product.sku}`, { body: {} })).status).toBe(400);
  });

  it('answers an unknown sku with 404', async () => {
    const { client } = await signUp(runtime().httpUrl);
    expect((await client.raw('GET', '/products/no-such-sku')).status).toBe(404);
  });
});

describe('purchases', () => {
  it('debits the buyer, credits the merchant and decrements stock in one step', async () => {
    const m = await merchant(10, '2.50');
    const b = await buyer('20.00');
    const res = await b.client.raw<{ id: string }>('POST', '/purchases', {
      body: { sku: m.product.sku, quantity: 3, accountId: b.account.id },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/purchases/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      sku: m.product.sku,
      quantity: 3,
      unitPrice: '2.50',
      total: '7.50',
      currency: 'EUR',
      buyerId: b.session.user.id,
      accountId: b.account.id,
    });
    expect((await b.client.purchaseSettled(res.body)).status).toBe('COMPLETED');
    expect((await b.client.getAccount(b.account.id)).balance).toBe('12.50');
    expect((await m.client.getAccount(m.account.id)).balance).toBe('7.50');
    expect((await m.client.getProduct(m.product.sku)).stock).toBe(7);
    expect((await b.client.entries(b.account.id)).items[0]).toMatchObject({ kind: 'purchase', amount: '-7.50' });
    expect((await m.client.entries(m.account.id)).items[0]).toMatchObject({ kind: 'purchase', amount: '7.50' });
    expect((await m.client.getPurchase(res.body.id)).status).toBe('COMPLETED');
  });

  it('charges the price the buyer saw even if it changes before completion', async () => {
    const m = await merchant(10, '1.00');
    const b = await buyer('10.00');
    const purchase = await b.client.buy({ sku: m.product.sku, quantity: 2, accountId: b.account.id });
    await m.client.updateProduct(m.product.sku, { price: '9.00' });
    expect(await b.client.purchaseSettled(purchase)).toMatchObject({ status: 'COMPLETED', total: '2.00' });
  });

  it('fails with INSUFFICIENT_FUNDS and changes nothing', async () => {
    const m = await merchant(10, '5.00');
    const b = await buyer('4.99');
    const p = await b.client.purchaseSettled(await b.client.buy({ sku: m.product.sku, quantity: 1, accountId: b.account.id }));
    expect(p).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect((await m.client.getProduct(m.product.sku)).stock).toBe(10);
    expect((await b.client.getAccount(b.account.id)).balance).toBe('4.99');
  });

  it('fails with OUT_OF_STOCK and changes nothing', async () => {
    const m = await merchant(2, '1.00');
    const b = await buyer('10.00');
    const p = await b.client.purchaseSettled(await b.client.buy({ sku: m.product.sku, quantity: 3, accountId: b.account.id }));
    expect(p).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    expect((await b.client.getAccount(b.account.id)).balance).toBe('10.00');
  });

  it('fails with CURRENCY_MISMATCH when the buyer pays from another currency', async () => {
    const m = await merchant(2, '1.00', 'EUR');
    const b = await buyer('10.00', 'USD');
    const p = await b.client.purchaseSettled(await b.client.buy({ sku: m.product.sku, quantity: 1, accountId: b.account.id }));
    expect(p).toMatchObject({ status: 'FAILED', failureReason: 'CURRENCY_MISMATCH' });
  });

  it('never charges a double-clicked Buy twice', async () => {
    const m = await merchant(10, '1.00');
    const b = await buyer('10.00');
    const key = randomUUID();
    const clicks = await Promise.all(
      [1, 2, 3].map(() =>
        b.client.raw<{ id: string }>('POST', '/purchases', {
          body: { sku: m.product.sku, quantity: 1, accountId: b.account.id },
          idempotencyKey: key,
        }),
      ),
    );
    expect(new Set(clicks.map((c) => c.body.id)).size).toBe(1);
    await b.client.purchaseSettled(clicks[0]?.body as { id: string });
    expect((await b.client.getAccount(b.account.id)).balance).toBe('9.00');
  });

  it('hides a purchase from anyone but buyer, merchant and admins', async () => {
    const m = await merchant(10, '1.00');
    const b = await buyer('10.00');
    const { client: eve } = await signUp(runtime().httpUrl);
    const p = await b.client.buy({ sku: m.product.sku, quantity: 1, accountId: b.account.id });
    expect((await eve.raw('GET', `/purchases/${p.id}`)).status).toBe(404);
  });

  it('lists the caller’s purchases newest first with pagination', async () => {
    const m = await merchant(10, '1.00');
    const b = await buyer('10.00');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await b.client.buy({ sku: m.product.sku, quantity: 1, accountId: b.account.id })).id);
    const first = await b.client.myPurchases({ limit: 2 });
    expect(first.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const second = await b.client.myPurchases({ limit: 2, cursor: first.nextCursor as string });
    expect(second.items.map((p) => p.id)).toEqual([ids[0]]);
    expect((await m.client.myPurchases()).items).toEqual([]);
  });

  it.each([[{ quantity: 0 }], [{ quantity: 1001 }], [{ quantity: 1.5 }], [{ quantity: '1' }]])('refuses %j with 400', async (override) => {
    const m = await merchant();
    const b = await buyer('1.00');
    expect((await b.client.raw('POST', '/purchases', { body: { sku: m.product.sku, accountId: b.account.id, ...override } })).status).toBe(
      400,
    );
  });

  it('completes exactly as many purchases as there is stock when many buyers race, conserving money', async () => {
    const m = await merchant(5, '3.00');
    const buyers = await Promise.all(Array.from({ length: 12 }, () => buyer('10.00')));
    const purchases = await Promise.all(buyers.map((b) => b.client.buy({ sku: m.product.sku, quantity: 1, accountId: b.account.id })));
    const settled = await Promise.all(purchases.map((p, i) => (buyers[i] as { client: EvenlyClient }).client.purchaseSettled(p, 60_000)));
    expect(settled.filter((p) => p.status === 'COMPLETED')).toHaveLength(5);
    expect(settled.filter((p) => p.status === 'FAILED').every((p) => p.failureReason === 'OUT_OF_STOCK')).toBe(true);
    expect((await m.client.getProduct(m.product.sku)).stock).toBe(0);
    let total = minor((await m.client.getAccount(m.account.id)).balance);
    for (const b of buyers) total += minor((await b.client.getAccount(b.account.id)).balance);
    expect(total).toBe(12n * 1000n);
    expect(minor((await m.client.getAccount(m.account.id)).balance)).toBe(1500n);
  });
});
