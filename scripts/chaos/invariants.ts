/**
 * The promises a chaos run checks once the system is quiet, read straight from the
 * table: money is conserved per currency, every balance is the sum and the fold of its
 * stream and never negative, nothing is left in the sweeper's index (a PENDING command or
 * a requested deletion), every command took effect at most once (wallet commands in
 * entries, group commands in group events), the commands in the table are exactly those
 * the clients were answered with, a replayed request was answered as the first one,
 * every accepted deletion took effect, stock is exact, group nets sum to zero and equal
 * the fold of their events.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { toMinor } from '../../shared/domain/money';
import { readNumber } from '../../shared/dynamo/client';
import { type Key, keys } from '../../shared/dynamo/keys';
import { type ExpenseItem, expenseDeltas } from '../../shared/groups/expenses';
import { SETTLING_COUNT_PREFIX, SETTLING_PREFIX, settlingCountOf, settlingOf } from '../../shared/groups/settlements';
import type { Answers } from './workload';

type Item = Record<string, unknown> & { pk: string; sk: string };

export interface InvariantReport {
  readonly violations: string[];
  readonly stuck: number;
  readonly counts: Record<string, number>;
}

/** A document client for the run's DynamoDB, reading money as the handlers do. */
export const documentClientFor = (endpoint: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }), { unmarshallOptions: { wrapNumbers: readNumber } });

async function scanAll(endpoint: string, table: string): Promise<Item[]> {
  const client = documentClientFor(endpoint);
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
  // Money between a saga's steps is held by its command: Σ balances + Σ world + Σ in flight = 0.
  for (const command of items.filter((i) => i.inFlightMinor !== undefined && (i.sk === 'TRANSFER' || i.sk === 'PURCHASE'))) {
    add(String(command.currency), toMinor(command.inFlightMinor));
    if (command.status !== 'PENDING') violations.push(`${command.sk} ${command.id} is ${command.status} but holds money in flight`);
  }
  for (const [currency, total] of totals)
    if (total !== 0n) violations.push(`${currency} does not sum to zero with the money in flight: ${total}`);
}

const isCommand = (i: Item): boolean => ['TRANSFER', 'PURCHASE', 'SETTLEMENT'].includes(i.sk) || i.sk.startsWith(keys.expensePrefix);

/** What a finished transfer or purchase did to each account: COMPLETED moved the amount once, FAILED nothing in the end. */
function expectedNets(command: Item): Map<string, bigint> {
  if (command.status !== 'COMPLETED') return new Map();
  const amount = toMinor(command.sk === 'PURCHASE' ? command.total : command.amountMinor);
  const [payer, payee] =
    command.sk === 'PURCHASE' ? [command.accountId, command.merchantAccountId] : [command.fromAccountId, command.toAccountId];
  const nets = new Map<string, bigint>();
  if (typeof payer === 'string') nets.set(payer, -amount);
  if (typeof payee === 'string') nets.set(payee, amount);
  return nets;
}

function checkCommands(items: Item[], violations: string[]): number {
  const entriesByCommand = new Map<string, Item[]>();
  for (const e of items.filter((i) => i.pk.startsWith('ACCOUNT#') && i.sk.startsWith('EVENT#'))) {
    entriesByCommand.set(String(e.transferId), [...(entriesByCommand.get(String(e.transferId)) ?? []), e]);
  }
  let stuck = 0;
  for (const command of items.filter(isCommand)) {
    // Still in the sweeper's index: a PENDING command, or an expense whose deletion was requested and not yet done.
    if (command.status === 'PENDING' || command.pendingPk !== undefined) stuck += 1;
    if ((command.sk === 'TRANSFER' || command.sk === 'PURCHASE') && command.status !== 'PENDING') {
      const entries = entriesByCommand.get(String(command.id)) ?? [];
      const nets = new Map<string, bigint>();
      for (const e of entries) nets.set(String(e.accountId), (nets.get(String(e.accountId)) ?? 0n) + toMinor(e.amount));
      const expected = expectedNets(command);
      const accounts = new Set([...nets.keys(), ...expected.keys()]);
      for (const account of accounts) {
        if ((nets.get(account) ?? 0n) !== (expected.get(account) ?? 0n)) {
          violations.push(
            `${command.sk} ${command.id} (${command.status}) moved ${nets.get(account) ?? 0n} on ${account}, expected ${expected.get(account) ?? 0n}`,
          );
        }
      }
      // Each step posts once: a completed command one entry per account, a failed one none or a debit and its refund.
      const allowed = command.status === 'COMPLETED' ? [expected.size] : [0, 2];
      if (!allowed.includes(entries.length))
        violations.push(`${command.sk} ${command.id} (${command.status}) has ${entries.length} entries`);
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
    checkSettlementHolds(group, items, violations);
  }
}

/** A group holds exactly what its settlements still on their way carry (payer +amount, payee −amount) and counts them on both sides; nothing once all ended. */
function checkSettlementHolds(group: Item, items: Item[], violations: string[]): void {
  const expected = new Map<string, bigint>();
  const counts = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, userId: string, delta: bigint) => map.set(userId, (map.get(userId) ?? 0n) + delta);
  for (const s of items.filter((i) => i.sk === 'SETTLEMENT' && i.groupId === group.id && i.status === 'PENDING' && i.reserved)) {
    const amount = toMinor(s.amountMinor);
    add(expected, String(s.fromUserId), amount);
    add(expected, String(s.toUserId), -amount);
    add(counts, String(s.fromUserId), 1n);
    add(counts, String(s.toUserId), 1n);
  }
  const named = (prefix: string) => Object.keys(group).flatMap((k) => (k.startsWith(prefix) ? [k.slice(prefix.length)] : []));
  for (const userId of new Set([...expected.keys(), ...named(SETTLING_PREFIX), ...named(SETTLING_COUNT_PREFIX)])) {
    if (settlingOf(group, userId) !== (expected.get(userId) ?? 0n)) {
      violations.push(
        `group ${group.id}: ${userId} holds ${settlingOf(group, userId)} for settlements on their way, expected ${expected.get(userId) ?? 0n}`,
      );
    }
    if (settlingCountOf(group, userId) !== (counts.get(userId) ?? 0n)) {
      violations.push(
        `group ${group.id}: ${userId} counts ${settlingCountOf(group, userId)} settlements on their way, expected ${counts.get(userId) ?? 0n}`,
      );
    }
  }
}

type ItemsByKey = ReadonlyMap<string, Item>;
const byKeyOf = (items: Item[]): ItemsByKey => new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
const itemAt = (byKey: ItemsByKey, key: Key): Item | undefined => byKey.get(`${key.pk}|${key.sk}`);

/**
 * The table against the answers: every command a client was told about exists and no
 * other does, and a replayed request got the first answer again (same id, same status)
 * with its idempotency record still naming that one command.
 */
function checkAnswers(items: Item[], byKey: ItemsByKey, answers: Answers, violations: string[]): void {
  const commands = items.filter(isCommand);
  const recorded = new Set(commands.map((c) => String(c.id)));
  for (const id of answers.commandIds) if (!recorded.has(id)) violations.push(`command ${id} was accepted but has no record`);
  for (const c of commands) {
    if (!answers.commandIds.has(String(c.id))) violations.push(`${c.sk} ${c.id} exists but no client was told of it`);
  }
  for (const { userId, key, resource, first, second } of answers.replays) {
    if (second.id !== first.id || second.status !== first.status) {
      violations.push(`replay of key ${key} answered ${second.status} ${second.id}, the first request ${first.status} ${first.id}`);
    }
    const named = itemAt(byKey, keys.idempotency(userId, key));
    const expected = resource === 'purchase' ? keys.purchase(first.id) : keys.transfer(first.id);
    if (named?.resourcePk !== expected.pk || named?.resourceSk !== expected.sk) {
      violations.push(`key ${key} names ${named?.resourcePk ?? 'nothing'}, not ${expected.pk}`);
    }
  }
}

/** Group events that apply a command (the others, a member joining or a comment, move no net). */
const COMMAND_EVENTS = new Set([
  'ExpenseAdded',
  'ExpenseEdited',
  'ExpenseDeleted',
  'ExpenseRestored',
  'SettlementRecorded',
  'SettlementFailed',
]);

/**
 * Group events by `<type> <command id>` (and the expense version an edit, deletion or restore
 * made): a command applied twice shows up as two events under one name.
 */
function applyingEvents(items: Item[], violations: string[]): Map<string, Item[]> {
  const groupCommandIds = new Set(items.filter((i) => i.sk === 'SETTLEMENT' || i.sk.startsWith(keys.expensePrefix)).map((i) => i.id));
  const applying = new Map<string, Item[]>();
  for (const e of items.filter((i) => i.pk.startsWith('GROUP#') && i.sk.startsWith('EVENT#') && COMMAND_EVENTS.has(String(i.type)))) {
    const data = (e.data ?? {}) as Record<string, unknown>;
    const commandId = data.expenseId ?? data.settlementId;
    if (!groupCommandIds.has(commandId)) violations.push(`group event ${e.pk} ${e.sk} (${e.type}) names no command`);
    const name = `${e.type} ${String(commandId)}${data.version === undefined ? '' : ` v${String(data.version)}`}`;
    applying.set(name, [...(applying.get(name) ?? []), e]);
  }
  for (const [name, events] of applying) if (events.length > 1) violations.push(`${name} was applied ${events.length} times`);
  return applying;
}

const EXPENSE_CHANGES = ['ExpenseEdited', 'ExpenseDeleted', 'ExpenseRestored'];

/**
 * An expense is added once, in its own group, and each edit, deletion and restore after
 * is applied once (one event per version it made). The deltas of all its events add up
 * to exactly what it does to the nets now: its shares and payers when COMPLETED (or with
 * an edit still PENDING), nothing when DELETED, FAILED or never applied. Every deletion a
 * client was answered 202 for was applied.
 */
function checkExpenses(items: Item[], byKey: ItemsByKey, applying: Map<string, Item[]>, answers: Answers, violations: string[]): void {
  const eventsOf = new Map<string, Item[]>();
  for (const [name, events] of applying) {
    const [type, id] = name.split(' ');
    if (type?.startsWith('Expense') && id) eventsOf.set(id, [...(eventsOf.get(id) ?? []), ...events]);
  }
  for (const expense of items.filter((i) => i.sk.startsWith(keys.expensePrefix))) {
    const events = eventsOf.get(String(expense.id)) ?? [];
    const added = events.filter((e) => e.type === 'ExpenseAdded');
    const changes = events.filter((e) => EXPENSE_CHANGES.includes(String(e.type)));
    const applied = expense.status === 'COMPLETED' || expense.status === 'DELETED' || expense.pendingEdit !== undefined;
    if (added.length !== (applied ? 1 : 0)) violations.push(`expense ${expense.id} (${expense.status}) has ${added.length} added events`);
    if (applied && changes.length !== Number(expense.version ?? 1) - 1) {
      violations.push(`expense ${expense.id} is at version ${expense.version} after ${changes.length} changes`);
    }
    if (events.some((e) => e.pk !== expense.pk)) violations.push(`expense ${expense.id} was applied in another group`);
    const folded = new Map<string, bigint>();
    for (const e of events) {
      for (const [u, d] of Object.entries(((e.data as Record<string, unknown>)?.deltas ?? {}) as Record<string, unknown>)) {
        folded.set(u, (folded.get(u) ?? 0n) + toMinor(d));
      }
    }
    const counts = expense.status === 'COMPLETED' || expense.pendingEdit !== undefined;
    const expected = counts ? expenseDeltas(expense as unknown as ExpenseItem) : new Map<string, bigint>();
    const users = new Set([...folded.keys(), ...expected.keys()]);
    if ([...users].some((u) => (folded.get(u) ?? 0n) !== (expected.get(u) ?? 0n))) {
      violations.push(`expense ${expense.id} (${expense.status}): its events do not add up to what it does to the nets`);
    }
  }
  for (const { groupId, id } of answers.deletions) {
    const deleted = eventsOf.get(id)?.some((e) => e.type === 'ExpenseDeleted');
    if (!deleted)
      violations.push(`expense ${id}: its deletion was accepted but never applied (${itemAt(byKey, keys.expense(groupId, id))?.status})`);
  }
}

/** A settlement is COMPLETED exactly when its transfer is, and then recorded once in its group; otherwise not at all. */
function checkSettlements(items: Item[], byKey: ItemsByKey, applying: Map<string, Item[]>, violations: string[]): void {
  for (const settlement of items.filter((i) => i.sk === 'SETTLEMENT')) {
    const transfer = itemAt(byKey, keys.transfer(String(settlement.transferId)));
    if (settlement.status !== 'PENDING' && settlement.status !== transfer?.status) {
      violations.push(`settlement ${settlement.id} is ${settlement.status} but its transfer is ${transfer?.status}`);
    }
    const recorded = applying.get(`SettlementRecorded ${settlement.id}`) ?? [];
    const groupPk = keys.group(String(settlement.groupId)).pk;
    if (recorded.length !== (settlement.status === 'COMPLETED' ? 1 : 0) || recorded.some((e) => e.pk !== groupPk)) {
      violations.push(`settlement ${settlement.id} (${settlement.status}) has ${recorded.length} recorded events`);
    }
  }
}

export async function checkInvariants(
  endpoint: string,
  table: string,
  initialStock: ReadonlyMap<string, number>,
  answers: Answers,
): Promise<InvariantReport> {
  const items = await scanAll(endpoint, table);
  const violations: string[] = [];
  checkAccounts(items, violations);
  const stuck = checkCommands(items, violations);
  checkStock(items, initialStock, violations);
  checkGroups(items, violations);
  const byKey = byKeyOf(items);
  checkAnswers(items, byKey, answers, violations);
  const applying = applyingEvents(items, violations);
  checkExpenses(items, byKey, applying, answers, violations);
  checkSettlements(items, byKey, applying, violations);
  const count = (sk: string) => items.filter((i) => i.sk === sk || i.sk.startsWith(`${sk}#`)).length;
  return {
    violations,
    stuck,
    counts: { transfers: count('TRANSFER'), purchases: count('PURCHASE'), expenses: count('EXPENSE'), settlements: count('SETTLEMENT') },
  };
}
