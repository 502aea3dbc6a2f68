/** The purchase saga against DynamoDB Local and fauxqs: stock in the product's group, money in the accounts', compensated on the way back. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as accountSteps } from '../../../functions/processors/apply-account-steps';
import { handler as stockSteps } from '../../../functions/processors/apply-stock-steps';
import { sendMessages } from '../../../shared/bus/queues';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { interceptSend } from '../../support/intercept';
import { putAccount as account, balanceOf, entriesOf, itemAt, putPendingPurchase, putProduct } from '../../support/ledger';
import { lambdaContext, sqsEventOf, usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();
const purchaseAt = (id: string) => itemAt(keys.purchase(id));
const stockOf = async (sku: string) => Number((await itemAt(keys.product(sku))).stock);

async function started(sku: string, buyer: string, merchant: string, quantity: number) {
  const p = await putPendingPurchase(sku, buyer, merchant, quantity);
  await sendMessages([p.message]);
  return p;
}

const closeAccount = (id: string) =>
  documentClient.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.account(id),
      UpdateExpression: 'SET #s = :c',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':c': 'CLOSED' },
    }),
  );

describe('the purchase saga', () => {
  it('reserves the stock, debits the buyer, credits the merchant, each in its own group, then completes', async () => {
    const [buyer, merchant] = [await account(1000n), await account(0n)];
    const sku = await putProduct(5, merchant);
    const p = await putPendingPurchase(sku, buyer, merchant, 2);
    await stockSteps(p.sqsEvent(), lambdaContext);
    expect([await stockOf(sku), await balanceOf(buyer)]).toEqual([3, 1000n]);
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'PENDING', step: 'debit' });
    const [debit] = await pipeline().drain('accounts');
    await accountSteps(sqsEventOf({ groupId: buyer, body: debit as never }), lambdaContext);
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'PENDING', step: 'credit', inFlightMinor: 200 });
    await pipeline().runToQuiet();
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'COMPLETED' });
    expect([await balanceOf(buyer), await balanceOf(merchant), await stockOf(sku)]).toEqual([800n, 200n, 3]);
  });

  it('fails with OUT_OF_STOCK at the reservation, moving nothing', async () => {
    const [buyer, merchant] = [await account(1000n), await account(0n)];
    const sku = await putProduct(1, merchant);
    const p = await started(sku, buyer, merchant, 2);
    await pipeline().runToQuiet();
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    expect([await stockOf(sku), await balanceOf(buyer)]).toEqual([1, 1000n]);
  });

  it('fails with PRODUCT_NOT_FOUND when the product is gone', async () => {
    const [buyer, merchant] = [await account(1000n), await account(0n)];
    const p = await started('no-such-sku', buyer, merchant, 1);
    await pipeline().runToQuiet();
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'FAILED', failureReason: 'PRODUCT_NOT_FOUND' });
    expect(await balanceOf(buyer)).toBe(1000n);
  });

  it.each([
    ['INSUFFICIENT_FUNDS', 50n, 'EUR'],
    ['CURRENCY_MISMATCH', 1000n, 'USD'],
  ] as const)('releases the stock when the buyer’s payment is refused with %s', async (reason, balance, currency) => {
    const [buyer, merchant] = [await account(balance, { currency }), await account(0n)];
    const sku = await putProduct(5, merchant);
    const p = await started(sku, buyer, merchant, 1);
    await pipeline().runToQuiet();
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'FAILED', failureReason: reason });
    expect([await stockOf(sku), await balanceOf(buyer), await balanceOf(merchant)]).toEqual([5, balance, 0n]);
  });

  it('refunds the buyer and releases the stock when the merchant cannot be credited', async () => {
    const [buyer, merchant] = [await account(1000n), await account(0n)];
    const sku = await putProduct(5, merchant);
    const p = await putPendingPurchase(sku, buyer, merchant, 1);
    await stockSteps(p.sqsEvent(), lambdaContext);
    await closeAccount(merchant);
    await pipeline().runToQuiet();
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'FAILED', failureReason: 'ACCOUNT_CLOSED' });
    expect(await entriesOf(buyer)).toEqual([
      [-100n, 900n],
      [100n, 1000n],
    ]);
    expect([await stockOf(sku), await balanceOf(merchant)]).toEqual([5, 0n]);
  });

  it('sells the last units of a best seller exactly once each, writing its stock once per batch', async () => {
    const merchant = await account(0n);
    const sku = await putProduct(20, merchant);
    const buyers = await Promise.all(Array.from({ length: 25 }, () => account(1000n)));
    const purchases = await Promise.all(buyers.map((b) => started(sku, b, merchant, 1)));
    let stockWrites = 0;
    const restore = interceptSend(async (command, send) => {
      const items = (command.input as { TransactItems?: { Update?: { Key?: { pk?: string } } }[] }).TransactItems ?? [];
      if (items.some((i) => i.Update?.Key?.pk === keys.product(sku).pk)) stockWrites += 1;
      return send(command);
    });
    try {
      await pipeline().runToQuiet();
    } finally {
      restore();
    }
    const statuses = await Promise.all(purchases.map(async (p) => (await purchaseAt(p.id)).status));
    expect(statuses.filter((s) => s === 'COMPLETED')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'FAILED')).toHaveLength(5);
    expect([await stockOf(sku), await balanceOf(merchant)]).toEqual([0, 2000n]);
    expect(stockWrites).toBeLessThanOrEqual(3);
  }, 60_000);

  it('reads the stock again when a merchant changes it between the read and the write', async () => {
    const [buyer, merchant] = [await account(1000n), await account(0n)];
    const sku = await putProduct(1, merchant);
    const p = await putPendingPurchase(sku, buyer, merchant, 1);
    let restocked = false;
    const restore = interceptSend(async (command, send) => {
      if (!restocked && command.name === 'TransactWriteItemsCommand') {
        restocked = true; // PATCH /products/{sku} { stock: 0 } lands in between.
        await send(
          new UpdateCommand({
            TableName: mainTableName(),
            Key: keys.product(sku),
            UpdateExpression: 'SET stock = :z',
            ExpressionAttributeValues: { ':z': 0 },
          }),
        );
      }
      return send(command);
    });
    try {
      await stockSteps(p.sqsEvent(), lambdaContext);
    } finally {
      restore();
    }
    expect(await purchaseAt(p.id)).toMatchObject({ status: 'FAILED', failureReason: 'OUT_OF_STOCK' });
    expect(await stockOf(sku)).toBe(0);
  });
});
