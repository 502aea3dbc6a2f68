/**
 * The operations of a chaos run: a seeded mix of deposits, withdrawals, transfers,
 * purchases racing for stock, expenses, deletions and settlements, sent by concurrent
 * clients over HTTP exactly as users would (some with repeated idempotency keys).
 * Every answer is written down, so the invariants can hold the table against what the
 * clients were told.
 */

import { randomUUID } from 'node:crypto';
import { EvenlyApiError, EvenlyClient, type Problem } from '../../shared/client/evenly-client';
import { maxSettlementMinor } from '../../shared/domain/group-nets';
import { chance } from './faults';

export interface Actor {
  readonly client: EvenlyClient;
  readonly userId: string;
  readonly accountId: string;
}

export interface World {
  readonly actors: Actor[];
  readonly merchant: Actor;
  /** The hot payee: every actor pays it (a charity taking donations). */
  readonly hot: Actor;
  readonly skus: string[];
  /** The best seller: many buyers race for its little stock. */
  readonly hotSku: string;
  readonly initialStock: Map<string, number>;
  readonly groups: { id: string; members: Actor[] }[];
}

/** One answer to a command: its status code and the id of the resource it names. */
export interface Answer {
  readonly status: number;
  readonly id: string;
}

/** A request sent twice with the same idempotency key and body, as a client retries after a lost answer. */
export interface Replay {
  readonly userId: string;
  readonly key: string;
  readonly resource: 'transfer' | 'purchase';
  readonly first: Answer;
  readonly second: Answer;
}

/** What the clients were answered. */
export interface Answers {
  /** The id of every command record a client was told about (transfers, purchases, expenses, settlements). */
  readonly commandIds: Set<string>;
  /** Expenses accepted with 202: the targets of deletions. */
  readonly expenses: { groupId: string; id: string }[];
  /** Deletions accepted with 202: each of these expenses must end DELETED. */
  readonly deletions: { groupId: string; id: string }[];
  readonly replays: Replay[];
}

export const newAnswers = (): Answers => ({ commandIds: new Set(), expenses: [], deletions: [], replays: [] });

/**
 * The refusals this workload can meet by design, by operation, as problem types:
 * deleting an expense still being applied (or one that failed) is a clear 409, an edit
 * overtaken by another change a 412. Any
 * other refusal — e.g. a replay answered `idempotency-key-reused` — fails the run.
 */
export const EXPECTED_REFUSALS: Readonly<Record<string, readonly string[]>> = {
  deletion: ['conflict'],
  // Another edit, deletion or restore came first (412), or the expense is not COMPLETED (409).
  edit: ['precondition-failed', 'conflict'],
  // Restoring one still being applied, or a failed one.
  restore: ['conflict'],
  // The nets moved between reading the balances and settling: more than is owed now.
  settlement: ['validation-error'],
};

/** How an operation ended for its client: done, or refused with a 4xx problem. */
export interface Outcome {
  readonly kind: string;
  readonly refusal?: { readonly status: number; readonly type: string };
}

const PASSWORD = 'chaos password 1';
export const INITIAL_STOCK = 15;
/** Little stock for the best seller, so buyers run out of it. */
export const HOT_STOCK = 6;

async function actor(baseUrl: string, label: string, deposit: string, answers: Answers): Promise<Actor> {
  const anonymous = new EvenlyClient({ baseUrl });
  const session = await anonymous.register({
    email: `${label}-${randomUUID().slice(0, 8)}@chaos.example`,
    password: PASSWORD,
    name: label,
  });
  const client = anonymous.withToken(session.accessToken);
  const account = await client.createAccount({ currency: 'EUR' });
  if (deposit !== '0') answers.commandIds.add((await client.deposit(account.id, deposit)).id);
  return { client, userId: session.user.id, accountId: account.id };
}

export async function setUp(baseUrl: string, actorCount: number, answers: Answers): Promise<World> {
  const actors = await Promise.all(Array.from({ length: actorCount }, (_, i) => actor(baseUrl, `user${i}`, '500.00', answers)));
  const merchant = await actor(baseUrl, 'merchant', '0', answers);
  const hot = await actor(baseUrl, 'charity', '0', answers);
  const skus = [`chaos-a-${randomUUID().slice(0, 6)}`, `chaos-b-${randomUUID().slice(0, 6)}`];
  const hotSku = `chaos-hot-${randomUUID().slice(0, 6)}`;
  const initialStock = new Map<string, number>();
  for (const [sku, stock] of [...skus.map((s) => [s, INITIAL_STOCK] as const), [hotSku, HOT_STOCK] as const]) {
    await merchant.client.createProduct({ sku, name: sku, price: '3.50', currency: 'EUR', stock, merchantAccountId: merchant.accountId });
    initialStock.set(sku, stock);
  }
  const groups = [];
  for (const members of [actors.slice(0, 3), actors.slice(2, 5)]) {
    const [owner, ...rest] = members as [Actor, ...Actor[]];
    const group = await owner.client.createGroup({ name: 'chaos', currency: 'EUR' });
    for (const m of rest) await owner.client.addMember(group.id, (await m.client.me()).email);
    groups.push({ id: group.id, members });
  }
  return { actors, merchant, hot, skus, hotSku, initialStock, groups };
}

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;
const amount = (r: number) => `${1 + Math.floor(r * 40)}.${String(Math.floor(r * 100)).padStart(2, '0')}`;

/** A money command as sent over HTTP: the status code is part of what a replay must repeat. */
interface MoneyCommand {
  readonly resource: Replay['resource'];
  readonly path: string;
  readonly body: unknown;
}

async function send(sender: Actor, command: MoneyCommand, key: string | undefined): Promise<Answer> {
  const response = await sender.client.raw<{ id: string }>('POST', command.path, {
    body: command.body,
    ...(key ? { idempotencyKey: key } : {}),
  });
  if (response.status >= 400) throw new EvenlyApiError(response.status, response.body as unknown as Problem);
  return { status: response.status, id: response.body.id };
}

/** Sends a command; a keyed one is retried when `isRetried` and must be answered exactly as the first time. */
async function sendCommand(sender: Actor, command: MoneyCommand, key: string | undefined, isRetried: boolean, answers: Answers) {
  const first = await send(sender, command, key);
  answers.commandIds.add(first.id);
  if (!key || !isRetried) return;
  const second = await send(sender, command, key);
  answers.commandIds.add(second.id);
  answers.replays.push({ userId: sender.userId, key, resource: command.resource, first, second });
}

interface Operation {
  readonly kind: string;
  run(): Promise<void>;
}

/** One operation, chosen and parameterized by the seed and its index only. */
function planOperation(world: World, seed: number, index: number, answers: Answers): Operation {
  const r = (n: number) => chance(seed, 'op', index, n);
  const a = pick(world.actors, r(1));
  const b = pick(
    world.actors.filter((x) => x !== a),
    r(2),
  );
  const key = r(3) < 0.3 ? `op-${seed}-${index}` : undefined;
  const isRetried = r(10) < 0.5;
  const money = (command: MoneyCommand) => () => sendCommand(a, command, key, isRetried, answers);
  const kind = r(0);
  if (kind < 0.12) {
    return {
      kind: 'deposit',
      run: money({ resource: 'transfer', path: `/accounts/${a.accountId}/deposits`, body: { amount: amount(r(4)) } }),
    };
  }
  if (kind < 0.22) {
    const body = { amount: amount(r(4)) };
    return { kind: 'withdrawal', run: money({ resource: 'transfer', path: `/accounts/${a.accountId}/withdrawals`, body }) };
  }
  if (kind < 0.38) {
    const body = { fromAccountId: a.accountId, toAccountId: b.accountId, amount: amount(r(4)), currency: 'EUR' };
    return { kind: 'transfer', run: money({ resource: 'transfer', path: '/transfers', body }) };
  }
  if (kind < 0.46) {
    // Many payers, one account.
    const body = { fromAccountId: a.accountId, toAccountId: world.hot.accountId, amount: amount(r(4)), currency: 'EUR' };
    return { kind: 'hot-transfer', run: money({ resource: 'transfer', path: '/transfers', body }) };
  }
  if (kind < 0.56) {
    const body = { sku: pick(world.skus, r(4)), quantity: 1 + Math.floor(r(5) * 2), accountId: a.accountId };
    return { kind: 'purchase', run: money({ resource: 'purchase', path: '/purchases', body }) };
  }
  if (kind < 0.63) {
    // Many buyers, one product with little stock.
    const body = { sku: world.hotSku, quantity: 1, accountId: a.accountId };
    return { kind: 'hot-purchase', run: money({ resource: 'purchase', path: '/purchases', body }) };
  }
  if (kind < 0.68) {
    // The merchant, paid by every purchase, withdraws meanwhile (refused when its balance is short).
    const body = { amount: amount(r(4) / 4) };
    const merchant = world.merchant;
    return {
      kind: 'merchant-withdrawal',
      run: () =>
        sendCommand(
          merchant,
          { resource: 'transfer', path: `/accounts/${merchant.accountId}/withdrawals`, body },
          undefined,
          false,
          answers,
        ),
    };
  }
  const group = pick(world.groups, r(4));
  const [payer, other] = [pick(group.members, r(5)), pick(group.members, r(6))];
  if (kind < 0.8 || answers.expenses.length === 0) {
    // Half of them paid by two members.
    const paid = amount(r(7));
    const cents = BigInt(paid.replace('.', ''));
    const paidBy =
      r(12) < 0.5 || payer === other
        ? payer.userId
        : [
            { userId: payer.userId, amount: cents2(cents - cents / 3n) },
            { userId: other.userId, amount: cents2(cents / 3n) },
          ].filter((p) => p.amount !== '0.00');
    return {
      kind: 'expense',
      run: async () => {
        const expense = await payer.client.addExpense(group.id, {
          description: `op ${index}`,
          amount: paid,
          paidBy: Array.isArray(paidBy) && paidBy.length === 1 ? payer.userId : paidBy,
          split: { type: 'equal', participants: group.members.map((m) => ({ userId: m.userId })) },
        });
        answers.commandIds.add(expense.id);
        answers.expenses.push({ groupId: group.id, id: expense.id });
      },
    };
  }
  const target = pick(answers.expenses, r(8));
  const member = world.groups.find((g) => g.id === target.groupId)?.members[0] as Actor;
  if (kind < 0.86) {
    return {
      kind: 'edit',
      run: async () => {
        const seen = await member.client.getExpense(target.groupId, target.id);
        await member.client.editExpense(target.groupId, target.id, seen.version, { amount: amount(r(13)), description: `edited ${index}` });
      },
    };
  }
  if (kind < 0.9) {
    return {
      kind: 'deletion',
      run: async () => {
        await member.client.deleteExpense(target.groupId, target.id);
        answers.deletions.push(target);
      },
    };
  }
  if (kind < 0.93) {
    return { kind: 'restore', run: () => member.client.restoreExpense(target.groupId, target.id).then(() => undefined) };
  }
  if (payer === other) return { kind: 'skipped', run: async () => {} };
  return {
    kind: 'settlement',
    run: async () => {
      // At most what the payer owes the payee now, as the group's nets say.
      const nets = (await payer.client.balances(group.id)).balances;
      const netOf = (id: string) => BigInt((nets.find((b) => b.userId === id)?.net ?? '0.00').replace('.', ''));
      const max = maxSettlementMinor(netOf(payer.userId), netOf(other.userId));
      if (max === 0n) return;
      const wanted = BigInt(amount(r(9)).replace('.', ''));
      const settlement = await payer.client.settle(group.id, {
        toUserId: other.userId,
        amount: cents2(wanted < max ? wanted : max),
        fromAccountId: payer.accountId,
        toAccountId: other.accountId,
      });
      answers.commandIds.add(settlement.id);
      answers.commandIds.add(settlement.transferId);
    },
  };
}

const cents2 = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

/** Runs one operation; a 4xx is an outcome to judge, a 5xx or a network fault ends the run. */
export async function runOperation(world: World, seed: number, index: number, answers: Answers): Promise<Outcome> {
  const operation = planOperation(world, seed, index, answers);
  try {
    await operation.run();
    return { kind: operation.kind };
  } catch (error) {
    if (!(error instanceof EvenlyApiError) || error.status >= 500) throw error;
    return { kind: operation.kind, refusal: { status: error.status, type: error.problem.type } };
  }
}
