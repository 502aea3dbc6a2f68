/**
 * The account aggregate's side of the sagas: debits, credits and refunds of transfers and
 * purchases, applied by the account's FIFO message group, its only writer. One batch reads
 * every account and command it names in one BatchGetItem, then folds each account's messages
 * in order (shared/domain/ledger.ts): the account item is updated once, with its version
 * raised by the number of entries, and every entry carries its own seq and exact balanceAfter.
 */
import { parseDetail } from '../../events/contract';
import { AccountStepV1 } from '../../events/steps';
import { type AccountSnapshot, applyPosting, MISSING_ACCOUNT, type RunningAccount, refusalOf } from '../domain/ledger';
import { toMinor } from '../domain/money';
import { accountLegOf, type StepName } from '../domain/sagas';
import { batchGetConsistent, foundItem } from '../dynamo/batch-get';
import { mainTableName } from '../dynamo/client';
import { type Key, keys } from '../dynamo/keys';
import type { TransactItem } from '../dynamo/transact';
import { worldShardOf } from '../ledger/world';
import { logger } from '../observability/logger';
import { queueMessageOf } from '../processing/message-body';
import type { GroupWork, StepAggregate } from '../processing/step-batch';
import type * as z from '../validation/zod';
import { advance, type Effects, effectsOfStale, giveUpStep, isPendingAt, mergeEffects, SAGAS, type SagaRecord } from './commands';
import type { SagaType } from './messages';

export type AccountStep = z.infer<typeof AccountStepV1.schema>;

const itemKey = (k: Key): string => `${k.pk}|${k.sk}`;
const keyOfItem = (s: string): Key => {
  const [pk = '', sk = ''] = s.split('|');
  return { pk, sk };
};

function snapshotOf(item: Record<string, unknown> | undefined): AccountSnapshot {
  if (!item) return MISSING_ACCOUNT;
  return {
    exists: true,
    currency: String(item.currency),
    status: String(item.status),
    balance: toMinor(item.balance),
    version: Number(item.version),
  };
}

const commandKey = (m: AccountStep): Key => SAGAS[m.command].key(m.commandId);

type Found = Map<string, Record<string, unknown>>;

/** Why a transfer's payee cannot take the money, read before the debit so nothing moves toward it. */
function payeeRefusal(found: Found, payeeAccountId: string | null, currency: string) {
  if (!payeeAccountId) return undefined;
  return refusalOf(snapshotOf(foundItem(found, keys.account(payeeAccountId))), 0n, { amount: 1n, currency, type: 'Credited' });
}

interface EntryInput {
  readonly table: string;
  readonly accountId: string;
  readonly type: SagaType;
  readonly record: SagaRecord;
  readonly step: StepName;
  readonly seq: number;
  readonly balanceAfter: bigint;
  readonly at: string;
}

/** The account's ledger entry, which is also its event at `seq`. */
function entryItem({ table, accountId, type, record, step, seq, balanceAfter, at }: EntryInput): TransactItem {
  const leg = accountLegOf(SAGAS[type].saga(record), step);
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.accountEvent(accountId, seq),
        seq,
        type: leg.type,
        kind: leg.entryKind,
        transferId: record.id,
        accountId,
        amount: leg.amount,
        balanceAfter,
        currency: record.currency,
        counterpartyAccountId: leg.counterpartyAccountId,
        occurredAt: at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One account's messages of the batch, in order, as one unit of work. */
function foldAccount(table: string, accountId: string, messages: readonly AccountStep[], found: Found, at: string): GroupWork {
  const accountKey = keys.account(accountId);
  const account = snapshotOf(foundItem(found, accountKey));
  let running: RunningAccount = { balance: account.balance, version: account.version };
  const items: string[] = [];
  const actions: TransactItem[] = [];
  const shared = new Map<string, bigint>();
  const effects: Effects[] = [];
  const touched = new Set<string>();
  for (const m of messages) {
    const key = itemKey(commandKey(m));
    const record = foundItem(found, commandKey(m)) as SagaRecord | undefined;
    if (touched.has(key) || !isPendingAt(record, m.step)) {
      effects.push(effectsOfStale(m.command, record));
      continue;
    }
    const saga = SAGAS[m.command].saga(record);
    const leg = accountLegOf(saga, m.step);
    if (leg.accountId !== accountId) {
      logger.warn('step names another account than its command; ignoring the message', { commandId: m.commandId, step: m.step });
      effects.push(effectsOfStale(m.command, record));
      continue;
    }
    const blockedBy =
      m.step === 'debit' && (saga.kind === 'transfer' || saga.kind === 'settlement')
        ? payeeRefusal(found, saga.payeeAccountId, record.currency)
        : undefined;
    const posting = { amount: leg.amount, currency: record.currency, type: leg.type, ...(blockedBy ? { blockedBy } : {}) };
    const applied = applyPosting(account, running, posting);
    running = applied.running;
    const { result } = applied;
    if (result.ok) {
      const entry = entryItem({ table, accountId, type: m.command, record, step: m.step, ...result.value, at });
      items.push(itemKey(keys.accountEvent(accountId, result.value.seq)));
      actions.push(entry);
      if (leg.worldDelta !== 0n) {
        const shard = itemKey(keys.worldShard(record.currency, worldShardOf(accountId)));
        shared.set(shard, (shared.get(shard) ?? 0n) + leg.worldDelta);
      }
    }
    const advanced = advance(m.command, table, record, m.step, result.ok ? { done: true } : { done: false, reason: result.reason }, at);
    touched.add(key);
    items.push(key);
    actions.push(advanced.update);
    effects.push(advanced.effects);
  }
  if (account.exists && running.version !== account.version) {
    items.unshift(itemKey(accountKey));
    actions.unshift({
      Update: {
        TableName: table,
        Key: accountKey,
        UpdateExpression: 'SET balance = :balance, version = :next',
        // The version read: one writer makes it the only one, and a redelivery racing us finds it moved.
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':balance': running.balance, ':next': running.version, ':version': account.version },
      },
    });
  } else if (account.exists && touched.size > 0) {
    // Refusals decided on the balance read stand only if it is still the account's state.
    items.unshift(itemKey(accountKey));
    actions.unshift({
      ConditionCheck: {
        TableName: table,
        Key: accountKey,
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': account.version },
      },
    });
  }
  return { id: accountId, items, actions, shared, effects: mergeEffects(effects) };
}

/** Reads accounts, commands and the payees named as hints; then any payee the commands name that the hints missed. */
async function readAll(groups: ReadonlyMap<string, readonly AccountStep[]>): Promise<Found> {
  const all = [...groups.values()].flat();
  const wanted: Key[] = [
    ...[...groups.keys()].map((id) => keys.account(id)),
    ...all.map(commandKey),
    ...all.flatMap((m) => (m.step === 'debit' && m.counterpartyAccountId ? [keys.account(m.counterpartyAccountId)] : [])),
  ];
  const found = await batchGetConsistent(wanted);
  const missed = all.flatMap((m) => {
    const record = foundItem(found, commandKey(m)) as SagaRecord | undefined;
    const payee = record && m.step === 'debit' ? SAGAS[m.command].saga(record).payeeAccountId : null;
    return payee && !wanted.some((k) => k.pk === keys.account(payee).pk) ? [keys.account(payee)] : [];
  });
  if (missed.length > 0) for (const [k, v] of await batchGetConsistent(missed)) found.set(k, v);
  return found;
}

export const accountSteps: StepAggregate<AccountStep> = {
  queue: 'accounts',
  parse: (body) => {
    const message = queueMessageOf(body);
    if (message.type !== AccountStepV1.type) throw new Error(`Unexpected message ${message.type} on the accounts queue`);
    return parseDetail(AccountStepV1, message.detail);
  },
  async plan(groups, at) {
    const table = mainTableName();
    const found = await readAll(groups);
    const plans = new Map<string, GroupWork | Error>();
    for (const [accountId, messages] of groups) {
      try {
        plans.set(accountId, foldAccount(table, accountId, messages, found, at));
      } catch (error) {
        plans.set(accountId, error as Error);
      }
    }
    return plans;
  },
  sharedAction(key, delta) {
    const shardKey = keyOfItem(key);
    return {
      Update: {
        TableName: mainTableName(),
        Key: shardKey,
        // The world account may go negative and takes no condition: unconditioned additions never refuse.
        UpdateExpression: 'ADD balance :delta SET currency = :currency',
        ExpressionAttributeValues: { ':delta': delta, ':currency': shardKey.pk.replace(/^WORLD#/, '') },
      },
    };
  },
  giveUp: (m, at) => giveUpStep(m.command, m.commandId, m.step, at),
};
