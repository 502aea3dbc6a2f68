/**
 * The operations of a chaos run: a seeded mix of deposits, withdrawals, transfers,
 * purchases racing for stock, expenses, deletions and settlements, sent by concurrent
 * clients over HTTP exactly as users would (some with repeated idempotency keys).
 */
import { randomUUID } from 'node:crypto';
import { EvenlyClient } from '../../shared/client/evenly-client';
import { chance } from './faults';

export interface Actor {
  readonly client: EvenlyClient;
  readonly userId: string;
  readonly accountId: string;
}

export interface World {
  readonly actors: Actor[];
  readonly merchant: Actor;
  readonly skus: string[];
  readonly initialStock: Map<string, number>;
  readonly groups: { id: string; members: Actor[] }[];
}

const PASSWORD = 'chaos password 1';
export const INITIAL_STOCK = 15;

async function actor(baseUrl: string, label: string, deposit: string): Promise<Actor> {
  const anonymous = new EvenlyClient({ baseUrl });
  const session = await anonymous.register({
    email: `${label}-${randomUUID().slice(0, 8)}@chaos.example`,
    password: PASSWORD,
    name: label,
  });
  const client = anonymous.withToken(session.accessToken);
  const account = await client.createAccount({ currency: 'EUR' });
  if (deposit !== '0') await client.deposit(account.id, deposit);
  return { client, userId: session.user.id, accountId: account.id };
}

export async function setUp(baseUrl: string, actorCount: number): Promise<World> {
  const actors = await Promise.all(Array.from({ length: actorCount }, (_, i) => actor(baseUrl, `user${i}`, '500.00')));
  const merchant = await actor(baseUrl, 'merchant', '0');
  const skus = [`chaos-a-${randomUUID().slice(0, 6)}`, `chaos-b-${randomUUID().slice(0, 6)}`];
  const initialStock = new Map<string, number>();
  for (const sku of skus) {
    await merchant.client.createProduct({
      sku,
      name: sku,
      price: '3.50',
      currency: 'EUR',
      stock: INITIAL_STOCK,
      merchantAccountId: merchant.accountId,
    });
    initialStock.set(sku, INITIAL_STOCK);
  }
  const groups = [];
  for (const members of [actors.slice(0, 3), actors.slice(2, 5)]) {
    const [owner, ...rest] = members as [Actor, ...Actor[]];
    const group = await owner.client.createGroup({ name: 'chaos', currency: 'EUR' });
    for (const m of rest) await owner.client.addMember(group.id, (await m.client.me()).email);
    groups.push({ id: group.id, members });
  }
  return { actors, merchant, skus, initialStock, groups };
}

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;
const amount = (r: number) => `${1 + Math.floor(r * 40)}.${String(Math.floor(r * 100)).padStart(2, '0')}`;

/** One operation, chosen and parameterized by the seed and its index only. */
export async function runOperation(
  world: World,
  seed: number,
  index: number,
  expenses: { groupId: string; id: string }[],
): Promise<string> {
  const r = (n: number) => chance(seed, 'op', index, n);
  const a = pick(world.actors, r(1));
  const b = pick(
    world.actors.filter((x) => x !== a),
    r(2),
  );
  const key = r(3) < 0.3 ? `op-${seed}-${index}` : undefined;
  const options = key ? { idempotencyKey: key } : {};
  const kind = r(0);
  if (kind < 0.15) {
    await a.client.deposit(a.accountId, amount(r(4)), options);
    return 'deposit';
  }
  if (kind < 0.3) {
    await a.client.withdraw(a.accountId, amount(r(4)), options);
    return 'withdrawal';
  }
  if (kind < 0.55) {
    const input = { fromAccountId: a.accountId, toAccountId: b.accountId, amount: amount(r(4)), currency: 'EUR' };
    await a.client.transfer(input, options);
    if (key && r(5) < 0.5) await a.client.transfer(input, options); // a retried request: must not move money twice
    return 'transfer';
  }
  if (kind < 0.72) {
    await a.client.buy({ sku: pick(world.skus, r(4)), quantity: 1 + Math.floor(r(5) * 2), accountId: a.accountId }, options);
    return 'purchase';
  }
  const group = pick(world.groups, r(4));
  const [payer, other] = [pick(group.members, r(5)), pick(group.members, r(6))];
  if (kind < 0.88 || expenses.length === 0) {
    const expense = await payer.client.addExpense(group.id, {
      description: `op ${index}`,
      amount: amount(r(7)),
      paidBy: payer.userId,
      split: { type: 'equal', participants: group.members.map((m) => ({ userId: m.userId })) },
    });
    expenses.push({ groupId: group.id, id: expense.id });
    return 'expense';
  }
  if (kind < 0.94) {
    const target = pick(expenses, r(8));
    const member = world.groups.find((g) => g.id === target.groupId)?.members[0] as Actor;
    await member.client.deleteExpense(target.groupId, target.id);
    return 'deletion';
  }
  if (payer === other) return 'skipped';
  await payer.client.settle(group.id, {
    toUserId: other.userId,
    amount: amount(r(9)),
    fromAccountId: payer.accountId,
    toAccountId: other.accountId,
  });
  return 'settlement';
}
