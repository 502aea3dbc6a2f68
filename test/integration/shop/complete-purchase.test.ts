import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/processors/complete-purchase';
import { toMinor } from '../../../shared/domain/money';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { newPurchaseRecord } from '../../../shared/shop/purchases';
import { putAccount } from '../../support/ledger';
import { lambdaContext, sqsEventOf, usePipeline } from '../../support/pipeline';

usePipeline();

async function put(item: Record<string, unknown>) {
  await documentClient.send(new PutCommand({ TableName: mainTableName(), Item: item }));
}

async function product(stock: number): Promise<string> {
  const sku = `sku-${ulid()}`;
  await put({
    ...keys.product(sku),
    sku,
    name: 'p',
    price: 100n,
    currency: 'EUR',
    stock,
    merchantAccountId: 'm',
    merchantId: 'mu',
    createdAt: '',
    updatedAt: '',
  });
  return sku;
}

async function purchase(sku: string, buyerAccount: string, merchantAccount: string, quantity: number) {
  const { record, message } = newPurchaseRecord({
    id: ulid(),
    status: 'PENDING',
    sku,
    quantity,
    unitPrice: 100n,
    total: 100n * BigInt(quantity),
    currency: 'EUR',
    buyerId: 'u',
    accountId: buyerAccount,
    merchantAccountId: merchantAccount,
    merchantId: 'mu',
    createdAt: new Date().toISOString(),
  });
  await put(record);
  return { id: record.id, event: () => sqsEventOf(message) };
}

const get = async (key: { pk: string; sk: string }) =>
  (await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }))).Item ?? {};

describe('the purchase processor', () => {
  it('completes once when the same message is delivered twice', async () => {
    const [buyer, seller, sku] = [await putAccount(1000n, { ownerId: 'u' }), await putAccount(0n, { ownerId: 'u' }), await product(5)];
    const p = await purchase(sku, buyer, seller, 2);
    const event = p.event();
    await handler(event, lambdaContext);
    await handler(event, lambdaContext);
    expect((await get(keys.purchase(p.id))).status).toBe('COMPLETED');
    expect(toMinor((await get(keys.account(buyer))).balance)).toBe(800n);
    expect(toMinor((await get(keys.account(seller))).balance)).toBe(200n);
    expect((await get(keys.product(sku))).stock).toBe(3);
  });

  it.each([
    ['INSUFFICIENT_FUNDS', 50n, 5, 1, 'EUR'],
    ['OUT_OF_STOCK', 1000n, 1, 2, 'EUR'],
    ['CURRENCY_MISMATCH', 1000n, 5, 1, 'USD'],
  ] as const)('fails with %s and leaves balances and stock unchanged', async (reason, balance, stock, quantity, currency) => {
    const [buyer, seller, sku] = [
      await putAccount(balance, { currency, ownerId: 'u' }),
      await putAccount(0n, { ownerId: 'u' }),
      await product(stock),
    ];
    const p = await purchase(sku, buyer, seller, quantity);
    await handler(p.event(), lambdaContext);
    expect(await get(keys.purchase(p.id))).toMatchObject({ status: 'FAILED', failureReason: reason });
    expect(toMinor((await get(keys.account(buyer))).balance)).toBe(balance);
    expect(toMinor((await get(keys.account(seller))).balance)).toBe(0n);
    expect((await get(keys.product(sku))).stock).toBe(stock);
  });

  it('fails with PRODUCT_NOT_FOUND when the product is gone', async () => {
    const [buyer, seller] = [await putAccount(1000n, { ownerId: 'u' }), await putAccount(0n, { ownerId: 'u' })];
    const p = await purchase('no-such-sku', buyer, seller, 1);
    await handler(p.event(), lambdaContext);
    expect(await get(keys.purchase(p.id))).toMatchObject({ status: 'FAILED', failureReason: 'PRODUCT_NOT_FOUND' });
    expect(toMinor((await get(keys.account(buyer))).balance)).toBe(1000n);
  });
});
