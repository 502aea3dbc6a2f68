import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchWriteAll, type WriteRequest } from '../../../shared/dynamo/batch-write';
import { documentClient, mainTableName } from '../../../shared/dynamo/client';
import { interceptSend } from '../../support/intercept';
import { useTables } from '../../support/tables';

beforeAll(async () => {
  await useTables();
});

const putsUnder = (pk: string, count: number): WriteRequest[] =>
  Array.from({ length: count }, (_, i) => ({ PutRequest: { Item: { pk, sk: `item#${String(i).padStart(3, '0')}` } } }));

async function storedUnder(pk: string): Promise<number> {
  const { Count } = await documentClient.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Select: 'COUNT',
    }),
  );
  return Count ?? 0;
}

/**
 * DynamoDB Local never throttles, so this answers like a throttled table: the last
 * `withhold` requests of a BatchWriteItem are not sent and come back as UnprocessedItems,
 * for the first `rounds` calls (all of them when `rounds` is Infinity).
 */
function throttleBatchWrites(withhold: number, rounds: number): { calls: () => number; restore: () => void } {
  let calls = 0;
  const restore = interceptSend(async (command, send) => {
    if (command.name !== 'BatchWriteItemCommand') return send(command);
    calls += 1;
    if (calls > rounds) return send(command);
    const table = mainTableName();
    const requests = (command.input as { RequestItems: Record<string, WriteRequest[]> }).RequestItems[table] ?? [];
    const sent = requests.slice(0, Math.max(0, requests.length - withhold));
    const unprocessed = requests.slice(sent.length);
    if (sent.length > 0) await send(new BatchWriteCommand({ RequestItems: { [table]: sent } }));
    return { UnprocessedItems: unprocessed.length > 0 ? { [table]: unprocessed } : {} };
  });
  return { calls: () => calls, restore };
}

describe('batchWriteAll', () => {
  it('writes every request in chunks of 25, sending again what DynamoDB left unprocessed', async () => {
    const pk = `batch#${ulid()}`;
    const throttle = throttleBatchWrites(3, 2);
    try {
      await batchWriteAll(mainTableName(), putsUnder(pk, 60));
    } finally {
      throttle.restore();
    }
    expect(await storedUnder(pk)).toBe(60);
    // 3 chunks (25, 25, 10), the first needing 2 more rounds for what was withheld.
    expect(throttle.calls()).toBe(5);
  });

  it('gives up loudly when writes stay unprocessed, having written the rest', async () => {
    const pk = `batch#${ulid()}`;
    const throttle = throttleBatchWrites(1, Number.POSITIVE_INFINITY);
    try {
      await expect(batchWriteAll(mainTableName(), putsUnder(pk, 10))).rejects.toThrow(/1 writes still unprocessed/);
    } finally {
      throttle.restore();
    }
    expect(await storedUnder(pk)).toBe(9);
  });
});
