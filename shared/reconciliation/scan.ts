/**
 * Reads what the reconciliation checks, bounded: a parallel, paginated, consistent scan of
 * the table for accounts, their entries, world shards and money in flight; the sweeper's
 * sparse `pending` index; and, for an account a scan could not decide, its partition again.
 */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { toMinor } from '../domain/money';
import type { AccountSnapshot, EntrySnapshot, MoneyHolder, PendingSnapshot, Violation } from '../domain/reconciliation';
import { INDEXES, keys, PENDING_SHARDS, pendingPartition } from '../dynamo/keys';

export interface ScanLimits {
  /** Parallel scan segments (DynamoDB: up to 1,000,000; each a sequential reader). */
  readonly segments: number;
  /** Items per page (DynamoDB also stops a page at 1 MB). */
  readonly pageItems: number;
  /** Items read in all; past it the run is incomplete. */
  readonly maxItems: number;
  /** No page is requested after this instant. */
  readonly deadlineEpochMs: number;
  readonly now: () => number;
}

export interface LedgerSnapshot {
  readonly accounts: Map<string, AccountSnapshot>;
  readonly entries: Map<string, EntrySnapshot[]>;
  readonly worldShards: MoneyHolder[];
  readonly inFlight: MoneyHolder[];
  readonly unreadable: Violation[];
  readonly itemsScanned: number;
  /** Every segment reached its end within the limits. */
  readonly complete: boolean;
}

type Item = Record<string, unknown>;

const ACCOUNT_PK = keys.account('').pk;
const ACCOUNT_SK = keys.account('').sk;
const WORLD_PK = keys.worldShard('', 0).pk;
const IN_FLIGHT_SKS = new Set([keys.transfer('').sk, keys.purchase('').sk]);

/** Only the attributes the checks read: a scan is billed by the bytes it reads, but this keeps the pages in memory small. */
const ATTRIBUTES = ['pk', 'sk', 'balance', 'version', 'currency', 'seq', 'amount', 'balanceAfter', 'inFlightMinor'];
const PROJECTION = {
  ProjectionExpression: ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
};

function classify(item: Item, into: Omit<LedgerSnapshot, 'itemsScanned' | 'complete'>): void {
  const pk = String(item.pk);
  const sk = String(item.sk);
  try {
    if (pk.startsWith(ACCOUNT_PK) && sk === ACCOUNT_SK) {
      const id = pk.slice(ACCOUNT_PK.length);
      into.accounts.set(id, { id, currency: String(item.currency), balance: toMinor(item.balance), version: Number(item.version ?? 0) });
    } else if (pk.startsWith(ACCOUNT_PK) && sk.startsWith(keys.accountEventPrefix)) {
      const id = pk.slice(ACCOUNT_PK.length);
      const entry = {
        seq: Number(item.seq),
        amount: toMinor(item.amount),
        balanceAfter: toMinor(item.balanceAfter),
        currency: String(item.currency),
      };
      into.entries.set(id, [...(into.entries.get(id) ?? []), entry]);
    } else if (pk.startsWith(WORLD_PK)) {
      into.worldShards.push({ currency: String(item.currency ?? pk.slice(WORLD_PK.length)), amountMinor: toMinor(item.balance ?? 0) });
    } else if (IN_FLIGHT_SKS.has(sk) && item.inFlightMinor !== undefined) {
      into.inFlight.push({ currency: String(item.currency), amountMinor: toMinor(item.inFlightMinor) });
    }
  } catch (error) {
    into.unreadable.push({ type: 'UNREADABLE_ITEM', subject: `${pk} ${sk}`, detail: (error as Error).message });
  }
}

export async function scanLedger(client: DynamoDBDocumentClient, table: string, limits: ScanLimits): Promise<LedgerSnapshot> {
  const snapshot = { accounts: new Map(), entries: new Map(), worldShards: [], inFlight: [], unreadable: [] } as Omit<
    LedgerSnapshot,
    'itemsScanned' | 'complete'
  >;
  let itemsScanned = 0;
  let complete = true;
  const segment = async (index: number) => {
    let startKey: Item | undefined;
    do {
      if (itemsScanned >= limits.maxItems || limits.now() >= limits.deadlineEpochMs) {
        complete = false;
        return;
      }
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          Segment: index,
          TotalSegments: limits.segments,
          // Consistent: a posting committed before the page is read is in it.
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          Limit: limits.pageItems,
          ...PROJECTION,
        }),
      );
      for (const item of page.Items ?? []) classify(item, snapshot);
      itemsScanned += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };
  await Promise.all(Array.from({ length: limits.segments }, (_, i) => segment(i)));
  return { ...snapshot, itemsScanned, complete };
}

/**
 * An account and its entries, read in key order by one consistent query: the account item
 * (`ACCOUNT`) sorts before its entries (`EVENT#…`), so every entry up to the version read is in
 * what follows it.
 */
export async function readAccount(
  client: DynamoDBDocumentClient,
  table: string,
  accountId: string,
): Promise<{ account: AccountSnapshot | undefined; entries: EntrySnapshot[]; unreadable: Violation[] }> {
  const into = { accounts: new Map(), entries: new Map(), worldShards: [], inFlight: [], unreadable: [] } as Omit<
    LedgerSnapshot,
    'itemsScanned' | 'complete'
  >;
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#a0 = :pk',
        ExpressionAttributeValues: { ':pk': keys.account(accountId).pk },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        ...PROJECTION,
      }),
    );
    for (const item of page.Items ?? []) classify(item, into);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { account: into.accounts.get(accountId), entries: into.entries.get(accountId) ?? [], unreadable: into.unreadable };
}

/** Everything in the sweeper's sparse index, shard by shard (commands PENDING, deletions requested). */
export async function readPending(
  client: DynamoDBDocumentClient,
  table: string,
  maxItems: number,
): Promise<{ items: PendingSnapshot[]; complete: boolean }> {
  const items: PendingSnapshot[] = [];
  let complete = true;
  await Promise.all(
    Array.from({ length: PENDING_SHARDS }, async (_, shard) => {
      let startKey: Item | undefined;
      do {
        if (items.length >= maxItems) {
          complete = false;
          return;
        }
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: INDEXES.pending,
            KeyConditionExpression: 'pendingPk = :pk',
            ExpressionAttributeValues: { ':pk': pendingPartition(shard) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          items.push({
            subject: `${String(item.sk).split('#')[0]} ${String(item.id ?? item.pk)}`,
            status: String(item.status),
            createdAt: typeof item.createdAt === 'string' ? item.createdAt : undefined,
            sweeps: Number(item.sweeps ?? 0),
          });
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return { items, complete };
}
