/**
 * The reconciliation against DynamoDB Local: clean books pass; a corrupted balance, a lost
 * entry, an unreadable amount or a command stuck PENDING fail it, named in the report; a run cut
 * short never passes. Each test writes its own books into tables of its own.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, inject, it } from 'vitest';
import { randomPrefix } from '../../../infra/local/runtime';
import { createTables } from '../../../infra/local/tables';
import { documentClient } from '../../../shared/dynamo/client';
import { keys, pendingIndexAttributes } from '../../../shared/dynamo/keys';
import { reconcile, recordReconciliation } from '../../../shared/reconciliation/run';
import { useTables } from '../../support/tables';

await useTables();

async function freshTable(): Promise<string> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
  const names = await createTables(client, randomPrefix());
  client.destroy();
  return names.main as string;
}

const put = (table: string, item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: table, Item: item }));

/** An account with the entries of `amounts` (their running sums as balanceAfter), as postings write them. */
async function putAccount(table: string, currency: string, amounts: readonly bigint[]): Promise<string> {
  const id = ulid();
  let balance = 0n;
  for (const [index, amount] of amounts.entries()) {
    balance += amount;
    const seq = index + 1;
    await put(table, {
      ...keys.accountEvent(id, seq),
      seq,
      accountId: id,
      amount,
      balanceAfter: balance,
      currency,
      kind: 'transfer',
      transferId: `t${seq}`,
    });
  }
  await put(table, { ...keys.account(id), id, currency, balance, version: amounts.length, status: 'OPEN' });
  return id;
}

const putWorld = (table: string, currency: string, shard: number, balance: bigint) =>
  put(table, { ...keys.worldShard(currency, shard), currency, balance });

/**
 * Books that balance: 1,000 EUR deposited over two world shards and moved around, 500 JPY
 * deposited, and 50 EUR between the two steps of a transfer (debited, not yet credited).
 */
async function cleanBooks(table: string): Promise<{ alice: string; bob: string }> {
  const alice = await putAccount(table, 'EUR', [600n, 400n, -300n, -50n]);
  const bob = await putAccount(table, 'EUR', [300n]);
  await putAccount(table, 'JPY', [500n]);
  await putAccount(table, 'EUR', []);
  await putWorld(table, 'EUR', 3, -600n);
  await putWorld(table, 'EUR', 11, -400n);
  await putWorld(table, 'JPY', 0, -500n);
  const transferId = ulid();
  await put(table, {
    ...keys.transfer(transferId),
    id: transferId,
    status: 'PENDING',
    currency: 'EUR',
    inFlightMinor: 50n,
    createdAt: new Date().toISOString(),
  });
  return { alice, bob };
}

describe('the reconciliation', () => {
  it('passes clean books, money in flight included, and totals each currency to zero', async () => {
    const table = await freshTable();
    await cleanBooks(table);
    const report = await reconcile({ tableName: table, segments: 3, pageItems: 2 });
    expect(report).toMatchObject({ passed: true, complete: true, violationCount: 0, accountsChecked: 4, pendingChecked: 0 });
    expect(report.currencies).toEqual([
      { currency: 'EUR', balancesMinor: '950', worldMinor: '-1000', inFlightMinor: '50', totalMinor: '0' },
      { currency: 'JPY', balancesMinor: '500', worldMinor: '-500', inFlightMinor: '0', totalMinor: '0' },
    ]);
  });

  it('fails when a balance was changed behind its entries, naming the account and the currency', async () => {
    const table = await freshTable();
    const { bob } = await cleanBooks(table);
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.account(bob),
        UpdateExpression: 'SET balance = :b',
        ExpressionAttributeValues: { ':b': 301n },
      }),
    );
    const report = await reconcile({ tableName: table });
    expect(report.passed).toBe(false);
    expect(report.violations.map((v) => [v.type, v.subject])).toEqual(
      expect.arrayContaining([
        ['CURRENCY_IMBALANCE', 'EUR'],
        ['BALANCE_NOT_FOLD_OF_ENTRIES', `account ${bob}`],
      ]),
    );
  });

  it('fails when an entry is lost, after reading the account again to be sure', async () => {
    const table = await freshTable();
    const { alice } = await cleanBooks(table);
    await documentClient.send(new DeleteCommand({ TableName: table, Key: keys.accountEvent(alice, 2) }));
    const report = await reconcile({ tableName: table });
    expect(report.violations).toContainEqual(expect.objectContaining({ type: 'ENTRY_STREAM_GAP', subject: `account ${alice}` }));
  });

  it('reports an item it cannot read as a violation instead of failing', async () => {
    const table = await freshTable();
    await cleanBooks(table);
    await putWorld(table, 'EUR', 5, 'lots' as unknown as bigint);
    const report = await reconcile({ tableName: table });
    expect(report.violations).toContainEqual(
      expect.objectContaining({ type: 'UNREADABLE_ITEM', subject: expect.stringContaining('WORLD#EUR') }),
    );
  });

  it('fails a command left PENDING past its deadline', async () => {
    const table = await freshTable();
    await cleanBooks(table);
    const id = ulid();
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    await put(table, { ...keys.transfer(id), id, status: 'PENDING', createdAt, ...pendingIndexAttributes(id, createdAt) });
    const report = await reconcile({ tableName: table });
    expect(report.violations).toEqual([expect.objectContaining({ type: 'PENDING_PAST_DEADLINE', subject: `TRANSFER ${id}` })]);
  });

  it('never passes a run cut short by its bounds, even on clean books', async () => {
    const table = await freshTable();
    await cleanBooks(table);
    const report = await reconcile({ tableName: table, maxItems: 3, pageItems: 1, segments: 1 });
    expect(report).toMatchObject({ passed: false, complete: false });
  });

  it('keeps its report under the day of the run', async () => {
    const table = await freshTable();
    await cleanBooks(table);
    const report = await reconcile({ tableName: table });
    await recordReconciliation(report, { tableName: table });
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table, Key: keys.reconciliation(report.startedAt, report.id), ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ pk: `RECONCILIATION#${report.startedAt.slice(0, 10)}`, passed: true, violationCount: 0 });
    // A report is not money: the next run still balances.
    expect((await reconcile({ tableName: table })).passed).toBe(true);
  });
});
