/**
 * The promises a chaos run checks once the system is quiet, read straight from the
 * table: money is conserved per currency, every balance is the sum and the fold of its
 * stream and never negative, nothing is left PENDING, every command took effect at most
 * once, stock is exact, group nets sum to zero and equal the fold of their events.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { toMinor } from '../../shared/domain/money';
import { readNumber } from '../../shared/dynamo/client';

type Item = Record<string, unknown> & { pk: string; sk: string };

export interface InvariantReport {
  readonly violations: string[];
  readonly stuck: number;
  readonly counts: Record<string, number>;
}

async function scanAll(endpoint: string, table: string): Promise<Item[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }), { unmarshallOptions: { wrapNumbers: readNumber } });
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function checkAccounts(items: Item[], violations: string[]): void {
  const totals = new Map<string, bigint>();
  const add = (currency: string, amount: bigint) => totals.set(currency, (totals.get(currency) ?? 0n) + amount);
  const streams = new Map<string, Item[]>();
  for (const item of items.filter((i) => i.pk.startsWith('ACCOUNT#') && i.sk.startsWith('EVENT#'))) {
    streams.set(item.pk, [...(streams.get(item.pk) ?? []), item]);
  }
  for (const account of items.filter((i) => i.sk === 'ACCOUNT')) {
    let balance: bigint;
    try {
      balance = toMinor(account.balance);
    } catch {
      continue; // a deliberately damaged account has no balance to check
    }
    add(String(account.currency), balance);
    if (balance < 0n) violations.push(`account ${account.id} is negative: ${balance}`);
    const stream = (streams.get(account.pk) ?? []).sort((a, b) => Number(a.seq) - Number(b.seq));
    const sum = stream.reduce((s, e) => s + toMinor(e.amount), 0n);
    if (sum !== balance) violations.push(`account ${account.id}: balance ${balance} but entries sum to ${sum}`);
    if (stream.length !== Number(account.version))
      violations.push(`account ${account.id}: version ${account.version} but ${stream.length} events`);
    stream.forEach((e, index) => {
      if (Number(e.seq) !== index + 1) violations.push(`account ${account.id}: gap in its event stream at ${index + 1}`);
    });
    const last = stream.at(-1);
    if (last && toMinor(last.balanceAfter) !== balance)
      violations.push(`account ${account.id}: fold of events ${toMinor(last.balanceAfter)} ≠ balance ${balance}`);
  }
  for (const shard of items.filter((i) => i.pk.startsWith('WORLD#'))) add(String(shard.currency), toMinor(shard.balance));
  for (const [currency, total] of totals) if (total !== 0n) violations.push(`${currency} does not sum to zero: ${total}`);
}

function checkCommands(items: Item[], violations: string[]): number {
  const entriesByCommand = new Map<string, number>();
  for (const e of items.filter((i) => i.pk.startsWith('ACCOUNT#') && i.sk.startsWith('EVENT#'))) {
    entriesByCommand.set(String(e.transferId), (entriesByCommand.get(String(e.transferId)) ?? 0) + 1);
  }
  let stuck = 0;
  for (const command of items.filter((i) => ['TRANSFER', 'PURCHASE', 'SETTLEMENT'].includes(i.sk) || i.sk.startsWith('EXPENSE#'))) {
    if (command.status === 'PENDING') stuck += 1;
    if (command.sk === 'TRANSFER' || command.sk === 'PURCHASE') {
      const expected = command.status === 'COMPLETED' ? (command.fromAccountId === null || command.toAccountId === null ? 1 : 2) : 0;
      const actual = entriesByCommand.get(String(command.id)) ?? 0;
      if (actual !== expected)
        violations.push(`${command.sk} ${command.id} (${command.status}) has ${actual} entries, expected ${expected}`);
    }
  }
  return stuck;
}

function checkStock(items: Item[], initialStock: ReadonlyMap<string, number>, violations: string[]): void {
  const sold = new Map<string, number>();
  for (const p of items.filter((i) => i.sk === 'PURCHASE' && i.status === 'COMPLETED')) {
    sold.set(String(p.sku), (sold.get(String(p.sku)) ?? 0) + Number(p.quantity));
  }
  for (const product of items.filter((i) => i.sk === 'PRODUCT')) {
    const stock = Number(product.stock);
    if (stock < 0) violations.push(`product ${product.sku} has negative stock ${stock}`);
    const initial = initialStock.get(String(product.sku));
    if (initial !== undefined && stock !== initial - (sold.get(String(product.sku)) ?? 0)) {
      violations.push(`product ${product.sku}: stock ${stock} ≠ ${initial} − ${sold.get(String(product.sku)) ?? 0} sold`);
    }
  }
}

function checkGroups(items: Item[], violations: string[]): void {
  for (const group of items.filter((i) => i.sk === 'GROUP')) {
    const nets = Object.entries((group.nets ?? {}) as Record<string, unknown>).map(([u, v]) => [u, toMinor(v)] as const);
    const total = nets.reduce((s, [, v]) => s + v, 0n);
    if (total !== 0n) violations.push(`group ${group.id} nets sum to ${total}`);
    const fold = new Map<string, bigint>();
    const events = items.filter((i) => i.pk === group.pk && i.sk.startsWith('EVENT#'));
    for (const e of events) {
      for (const [u, d] of Object.entries(((e.data as Record<string, unknown>)?.deltas ?? {}) as Record<string, unknown>))
        fold.set(u, (fold.get(u) ?? 0n) + toMinor(d));
    }
    for (const [userId, net] of nets) {
      if ((fold.get(userId) ?? 0n) !== net) violations.push(`group ${group.id}: ${userId} net ${net} ≠ fold ${fold.get(userId) ?? 0n}`);
    }
    if (events.length !== Number(group.version)) violations.push(`group ${group.id}: version ${group.version} but ${events.length} events`);
  }
}

export async function checkInvariants(
  endpoint: string,
  table: string,
  initialStock: ReadonlyMap<string, number>,
): Promise<InvariantReport> {
  const items = await scanAll(endpoint, table);
  const violations: string[] = [];
  checkAccounts(items, violations);
  const stuck = checkCommands(items, violations);
  checkStock(items, initialStock, violations);
  checkGroups(items, violations);
  const count = (sk: string) => items.filter((i) => i.sk === sk || i.sk.startsWith(`${sk}#`)).length;
  return {
    violations,
    stuck,
    counts: { transfers: count('TRANSFER'), purchases: count('PURCHASE'), expenses: count('EXPENSE'), settlements: count('SETTLEMENT') },
  };
}
