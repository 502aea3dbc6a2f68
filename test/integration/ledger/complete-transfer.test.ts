import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/processors/complete-transfer';
import { manifest } from '../../../infra/manifest';
import { toMinor } from '../../../shared/domain/money';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { keys } from '../../../shared/dynamo/keys';
import { queryStream } from '../../../shared/ledger/stream';
import { interceptSend } from '../../support/intercept';
import { putAccount as account, balanceOf, putPendingTransfer as pendingTransfer } from '../../support/ledger';
import { lambdaContext, sqsEventOf, usePipeline } from '../../support/pipeline';

usePipeline();
async function statusOf(id: string) {
  const { Item } = await documentClient.send(new GetCommand({ TableName: mainTableName(), Key: keys.transfer(id), ConsistentRead: true }));
  return { status: Item?.status, failureReason: Item?.failureReason, pendingPk: Item?.pendingPk };
}

async function entrySum(id: string): Promise<bigint> {
  const page = await queryStream(id, { limit: 100 }, false, (e) => toMinor(e.amount));
  return page.items.reduce((a, b) => a + b, 0n);
}

describe('the transfer processor', () => {
  it('completes a transfer: debit, credit, one entry each, status COMPLETED, out of the sweeper index', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await pendingTransfer(a, b, 300n);
    expect(await handler(t.sqsEvent(), lambdaContext)).toEqual({ batchItemFailures: [] });
    expect(await statusOf(t.id)).toEqual({ status: 'COMPLETED', failureReason: undefined, pendingPk: undefined });
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([700n, 300n]);
    expect([await entrySum(a), await entrySum(b)]).toEqual([-300n, 300n]);
  });

  it('writes nothing to the owner-list index when balances change: that index holds keys only', async () => {
    const [a, b] = [await account(1000n, { listed: true }), await account(0n, { listed: true })];
    const t = await pendingTransfer(a, b, 300n);
    const transactions: string[][] = [];
    const restore = interceptSend(async (command, send) => {
      if (command.constructor.name !== 'TransactWriteCommand') return send(command);
      (command.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      const output = (await send(command)) as { ConsumedCapacity?: { GlobalSecondaryIndexes?: Record<string, unknown> }[] };
      transactions.push((output.ConsumedCapacity ?? []).flatMap((c) => Object.keys(c.GlobalSecondaryIndexes ?? {})));
      return output;
    });
    try {
      await handler(t.sqsEvent(), lambdaContext);
    } finally {
      restore();
    }
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([700n, 300n]);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).not.toContain('gsi1');
  });

  it('credits one popular account from many senders at once: every transfer completes before its last delivery', async () => {
    // FIFO groups are per debited account, so these run in parallel and race for the recipient's version.
    // A message whose attempts all lost comes back (as SQS redelivers it); its last delivery would end it FAILED.
    const { maxReceiveCount } = manifest.queues.find((q) => q.name === 'transfers') as { maxReceiveCount: number };
    const popular = await account(0n);
    const senders = await Promise.all(Array.from({ length: 30 }, () => account(100n)));
    let waiting = await Promise.all(senders.map((sender) => pendingTransfer(sender, popular, 7n)));
    for (let delivery = 1; delivery < maxReceiveCount && waiting.length > 0; delivery += 1) {
      const outcomes = await Promise.all(waiting.map((t) => handler(sqsEventOf(t.message, delivery), lambdaContext)));
      waiting = waiting.filter((_, i) => (outcomes[i]?.batchItemFailures.length ?? 0) > 0);
    }
    expect(waiting.map((t) => t.id)).toEqual([]);
    expect([await balanceOf(popular), await entrySum(popular)]).toEqual([210n, 210n]);
  }, 120_000);

  it('has no second effect when the same message is delivered twice', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await pendingTransfer(a, b, 250n);
    const event = t.sqsEvent();
    await handler(event, lambdaContext);
    await handler(event, lambdaContext);
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([750n, 250n]);
    expect([await entrySum(a), await entrySum(b)]).toEqual([-250n, 250n]);
  });

  it('has one effect when two processors race on the same transfer', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await pendingTransfer(a, b, 100n);
    await Promise.all([handler(t.sqsEvent(), lambdaContext), handler(t.sqsEvent(), lambdaContext), handler(t.sqsEvent(), lambdaContext)]);
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([900n, 100n]);
    expect(await entrySum(a)).toBe(-100n);
  });

  it('fails with INSUFFICIENT_FUNDS and leaves both balances unchanged', async () => {
    const [a, b] = [await account(99n), await account(5n)];
    const t = await pendingTransfer(a, b, 100n);
    await handler(t.sqsEvent(), lambdaContext);
    expect(await statusOf(t.id)).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_FUNDS' });
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([99n, 5n]);
  });

  it('fails with ACCOUNT_CLOSED when an account is closed', async () => {
    const [a, b] = [await account(500n), await account(0n, { status: 'CLOSED' })];
    const t = await pendingTransfer(a, b, 100n);
    await handler(t.sqsEvent(), lambdaContext);
    expect(await statusOf(t.id)).toMatchObject({ status: 'FAILED', failureReason: 'ACCOUNT_CLOSED' });
    expect(await balanceOf(a)).toBe(500n);
  });

  it('fails with CURRENCY_MISMATCH and ACCOUNT_NOT_FOUND from the cancellation reasons', async () => {
    const [a, usd] = [await account(500n), await account(0n, { currency: 'USD' })];
    const mismatch = await pendingTransfer(a, usd, 100n);
    const missing = await pendingTransfer(a, 'no-such-account', 100n);
    await handler(mismatch.sqsEvent(), lambdaContext);
    await handler(missing.sqsEvent(), lambdaContext);
    expect(await statusOf(mismatch.id)).toMatchObject({ failureReason: 'CURRENCY_MISMATCH' });
    expect(await statusOf(missing.id)).toMatchObject({ failureReason: 'ACCOUNT_NOT_FOUND' });
    expect(await balanceOf(a)).toBe(500n);
  });

  it('keeps deposits and withdrawals double-entry against the sharded world account', async () => {
    const a = await account(0n);
    const deposit = await pendingTransfer(null, a, 1_000n);
    await handler(deposit.sqsEvent(), lambdaContext);
    const withdrawal = await pendingTransfer(a, null, 400n);
    await handler(withdrawal.sqsEvent(), lambdaContext);
    expect(await balanceOf(a)).toBe(600n);
    expect(await entrySum(a)).toBe(600n);
  });

  it('moves money between the accounts the transfer records even when the message names others', async () => {
    const [a, b, decoy] = [await account(1000n), await account(0n), await account(500n)];
    const { message } = await pendingTransfer(a, b, 40n);
    const stale = sqsEventOf({
      ...message,
      body: { ...message.body, detail: { ...message.body.detail, fromAccountId: decoy, toAccountId: decoy } },
    });
    expect(await handler(stale, lambdaContext)).toEqual({ batchItemFailures: [] });
    expect([await balanceOf(a), await balanceOf(b), await balanceOf(decoy)]).toEqual([960n, 40n, 500n]);
  });

  it('reads again the keys a BatchGetItem left unprocessed instead of taking them for missing accounts', async () => {
    const [a, b] = [await account(1000n), await account(7n)];
    const t = await pendingTransfer(a, b, 15n);
    let withheld = 0;
    // DynamoDB Local never throttles: every multi-key BatchGetItem comes back with the credited account unread.
    const restore = interceptSend(async (command, send) => {
      const result = (await send(command)) as {
        Responses?: Record<string, Record<string, unknown>[]>;
        UnprocessedKeys?: Record<string, { Keys: Record<string, unknown>[] }>;
      };
      const table = mainTableName();
      const requested = (command.input as { RequestItems?: Record<string, { Keys: unknown[] }> }).RequestItems?.[table]?.Keys ?? [];
      if (command.constructor.name === 'BatchGetCommand' && requested.length > 1) {
        withheld += 1;
        const credited = keys.account(b);
        return {
          ...result,
          Responses: { [table]: (result.Responses?.[table] ?? []).filter((item) => item.pk !== credited.pk) },
          UnprocessedKeys: { [table]: { Keys: [credited], ConsistentRead: true } },
        };
      }
      return result;
    });
    try {
      expect(await handler(t.sqsEvent(), lambdaContext)).toEqual({ batchItemFailures: [] });
    } finally {
      restore();
    }
    expect(withheld).toBeGreaterThan(0);
    expect(await statusOf(t.id)).toMatchObject({ status: 'COMPLETED' });
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([985n, 22n]);
  });

  it('retries a TransactionConflict and completes', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await pendingTransfer(a, b, 10n);
    let injected = 0;
    // DynamoDB Local never reports conflicts: inject one at the SDK layer.
    const restore = interceptSend(async (command, send) => {
      if (command.constructor.name === 'TransactWriteCommand' && injected === 0) {
        injected += 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        });
      }
      return send(command);
    });
    try {
      expect(await handler(t.sqsEvent(), lambdaContext)).toEqual({ batchItemFailures: [] });
    } finally {
      restore();
    }
    expect(injected).toBe(1);
    expect([await balanceOf(a), await balanceOf(b)]).toEqual([990n, 10n]);
  });

  it('reports the message as a batch item failure when conflicts never stop', async () => {
    const [a, b] = [await account(1000n), await account(0n)];
    const t = await pendingTransfer(a, b, 10n);
    const restore = interceptSend(async (command, send) => {
      if (command.constructor.name === 'TransactWriteCommand') {
        throw new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
      }
      return send(command);
    });
    const event = t.sqsEvent();
    try {
      const result = await handler(event, lambdaContext);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    } finally {
      restore();
    }
    expect(await statusOf(t.id)).toMatchObject({ status: 'PENDING' });
    expect(await balanceOf(a)).toBe(1000n);
  });
});
