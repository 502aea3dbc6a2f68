/** The transfer saga's steps against DynamoDB Local and fauxqs: each in its own account's group, with its compensation. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/processors/apply-account-steps';
import { manifest } from '../../../manifest/manifest';
import { sendMessages } from '../../../shared/bus/queues';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { incomingMinor } from '../../../shared/ledger/incoming';
import { stepMessageId } from '../../../shared/sagas/messages';
import { eventually } from '../../support/eventually';
import { interceptSend } from '../../support/intercept';
import { putAccount as account, balanceOf, entriesOf, itemAt, putPendingTransfer } from '../../support/ledger';
import { lambdaContext, usePipeline } from '../../support/pipeline';

const pipeline = usePipeline();
const transferAt = (id: string) => itemAt(keys.transfer(id));
const MAX_RECEIVES = (manifest.queues.find((q) => q.name === 'accounts') as { maxReceiveCount: number }).maxReceiveCount;

/** A transfer written as POST /transfers writes it, its first step sent. */
async function started(from: string | null, to: string | null, amount: bigint) {
  const t = await putPendingTransfer(from, to, amount);
  await sendMessages([t.message]);
  return t;
}

/** The batches the accounts processor ran, and the transactions that wrote `accountId`'s item. */
async function runCountingWrites(accountId: string) {
  let writes = 0;
  const restore = interceptSend(async (command, send) => {
    if (command.name === 'TransactWriteItemsCommand') {
      const items = (command.input as { TransactItems: { Update?: { Key?: { pk?: string } } }[] }).TransactItems;
      if (items.some((i) => i.Update?.Key?.pk === keys.account(accountId).pk)) writes += 1;
    }
    return send(command);
  });
  try {
    return { ...(await pipeline().runToQuiet()), writes };
  } finally {
    restore();
  }
}

describe('the transfer saga', () => {
  it('debits the payer in its own group and hands the credit to the payee’s group, the money in flight meanwhile', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await putPendingTransfer(a, b, 300n);
    expect(await handler(t.sqsEvent(), lambdaContext)).toEqual({ batchItemFailures: [] });
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([700n, 0n]);
    expect(await transferAt(t.id)).toMatchObject({ status: 'PENDING', step: 'credit', inFlightMinor: 300 });
    const [credit] = await pipeline().drain('accounts');
    expect(credit).toMatchObject({ id: stepMessageId(t.id, 'credit'), detail: { step: 'credit', accountId: b } });
    // The incoming index is eventually consistent.
    await eventually(async () => (await incomingMinor(b, 'EUR')) === 300n, 'b shows 3.00 incoming');
  });

  it('completes once the payee is credited: one entry each, out of the sweeper’s and the incoming index', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await started(a, b, 300n);
    await pipeline().runToQuiet();
    expect(await transferAt(t.id)).toMatchObject({ status: 'COMPLETED' });
    const record = await transferAt(t.id);
    expect([record.pendingPk, record.inFlightMinor, record.incomingPk]).toEqual([undefined, undefined, undefined]);
    expect([await entriesOf(a), await entriesOf(b)]).toEqual([[[-300n, 700n]], [[300n, 300n]]]);
    expect(await incomingMinor(b, 'EUR')).toBe(0n);
  });

  it('fails with INSUFFICIENT_FUNDS at the debit, moves nothing and sends nothing on', async () => {
    const [a, b] = [await account(99n), await account(5n)];
    const t = await started(a, b, 100n);
    await pipeline().runToQuiet();
    expect(await transferAt(t.id)).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect([await balanceOf(a), await balanceOf(b), (await entriesOf(a)).length]).toEqual([99n, 5n, 0]);
  });

  const payees: [string, () => Promise<string>][] = [
    ['ACCOUNT_NOT_FOUND', async () => 'no-such-account'],
    ['CURRENCY_MISMATCH', () => account(0n, { currency: 'USD' })],
    ['ACCOUNT_CLOSED', () => account(0n, { status: 'CLOSED' })],
  ];
  it.each(payees)('fails with %s at the debit when the payee cannot take the money, moving nothing', async (reason, payee) => {
    const a = await account(500n);
    const t = await started(a, await payee(), 100n);
    await pipeline().runToQuiet();
    expect(await transferAt(t.id)).toMatchObject({ status: 'FAILED', failureReason: reason });
    expect([await balanceOf(a), (await entriesOf(a)).length]).toEqual([500n, 0]);
  });

  it('refunds the payer when the payee closed after the debit, and fails with ACCOUNT_CLOSED', async () => {
    const [a, b] = [await account(500n), await account(0n)];
    const t = await putPendingTransfer(a, b, 100n);
    await handler(t.sqsEvent(), lambdaContext); // debited; the credit waits in b's group
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.account(b),
        UpdateExpression: 'SET #s = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': 'CLOSED' },
      }),
    );
    await pipeline().runToQuiet();
    expect(await transferAt(t.id)).toMatchObject({ status: 'FAILED', failureReason: 'ACCOUNT_CLOSED' });
    expect(await entriesOf(a)).toEqual([
      [-100n, 400n],
      [100n, 500n],
    ]);
    expect([await balanceOf(b), (await transferAt(t.id)).inFlightMinor]).toEqual([0n, undefined]);
  });

  it('credits one popular account from 30 senders in a few writes of it: one per batch, every entry exact', async () => {
    const popular = await account(0n);
    const senders = await Promise.all(Array.from({ length: 30 }, () => account(100n)));
    const transfers = await Promise.all(senders.map((s) => started(s, popular, 7n)));
    const { writes } = await runCountingWrites(popular);
    const { batchSize } = manifest.queues.find((q) => q.name === 'accounts') as { batchSize: number };
    expect(writes).toBe(Math.ceil(30 / batchSize));
    expect((await entriesOf(popular)).map(([, after]) => after)).toEqual(Array.from({ length: 30 }, (_, i) => 7n * BigInt(i + 1)));
    for (const t of transfers) expect((await transferAt(t.id)).status).toBe('COMPLETED');
  }, 60_000);

  it('has no second effect when the same step is delivered twice, or raced by two processors', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await putPendingTransfer(a, b, 250n);
    await Promise.all([handler(t.sqsEvent(), lambdaContext), handler(t.sqsEvent(), lambdaContext)]);
    await handler(t.sqsEvent(), lambdaContext);
    await pipeline().runToQuiet();
    expect([await entriesOf(a), await entriesOf(b)]).toEqual([[[-250n, 750n]], [[250n, 250n]]]);
  });

  it('reads again only the account whose condition failed, and writes the rest of the batch at once', async () => {
    const [a, b, c, d] = [await account(100n), await account(0n), await account(100n), await account(0n)];
    const [t1, t2] = [await putPendingTransfer(a, b, 10n), await putPendingTransfer(c, d, 10n)];
    const event: SQSEvent = { Records: [...t1.sqsEvent().Records, ...t2.sqsEvent().Records] };
    let bumped = false;
    const transactions: number[] = [];
    const restore = interceptSend(async (command, send) => {
      if (command.name === 'TransactWriteItemsCommand') {
        transactions.push((command.input as { TransactItems: unknown[] }).TransactItems.length);
        if (!bumped) {
          bumped = true; // Another writer moves a's version between the read and the write.
          await send(
            new UpdateCommand({
              TableName: mainTableName(),
              Key: keys.account(a),
              UpdateExpression: 'ADD version :one',
              ExpressionAttributeValues: { ':one': 1 },
            }),
          );
        }
      }
      return send(command);
    });
    try {
      expect(await handler(event, lambdaContext)).toEqual({ batchItemFailures: [] });
    } finally {
      restore();
    }
    // Both debits in one transaction, refused on a; c's alone again at once; a's read and written again.
    expect(transactions).toEqual([6, 3, 3]);
    expect([await balanceOf(a), await balanceOf(c)]).toEqual([90n, 90n]);
  });

  it('keeps deposits and withdrawals double-entry against the sharded world, one shard write per batch', async () => {
    const [x, y] = [await account(0n), await account(0n)];
    const deposits = [await putPendingTransfer(null, x, 1_000n), await putPendingTransfer(null, y, 500n)];
    expect(await handler({ Records: deposits.flatMap((d) => d.sqsEvent().Records) }, lambdaContext)).toEqual({ batchItemFailures: [] });
    const withdrawal = await started(x, null, 400n);
    await pipeline().runToQuiet();
    expect((await transferAt(withdrawal.id)).status).toBe('COMPLETED');
    expect([await balanceOf(x), await balanceOf(y)]).toEqual([600n, 500n]);
  });

  it('gives up a deposit whose account is damaged on its last delivery: FAILED with PROCESSING_ERROR, the message to the DLQ', async () => {
    const damaged = await account(0n);
    await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.account(damaged),
        UpdateExpression: 'SET balance = :x',
        ExpressionAttributeValues: { ':x': 'damaged' },
      }),
    );
    const deposit = await putPendingTransfer(null, damaged, 5n);
    const last = deposit.sqsEvent();
    (last.Records[0] as { attributes: { ApproximateReceiveCount: string } }).attributes.ApproximateReceiveCount = String(MAX_RECEIVES);
    expect((await handler(deposit.sqsEvent(), lambdaContext)).batchItemFailures).toHaveLength(1);
    expect((await transferAt(deposit.id)).status).toBe('PENDING');
    expect((await handler(last, lambdaContext)).batchItemFailures).toHaveLength(1);
    expect(await transferAt(deposit.id)).toMatchObject({ status: 'FAILED', failureReason: 'PROCESSING_ERROR' });
  });
});
