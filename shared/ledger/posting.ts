/**
 * Builds the one TransactWriteItems that moves money: the command's status transition
 * (PENDING → COMPLETED, as a condition), one conditional update per user account and one
 * stream item per user account (it is both the ledger entry and the account event).
 *
 * Rules live in the conditions, not in a pre-read: a debit requires
 * `balance >= amount`; every account must be OPEN, in the command's currency and at the
 * version we read (optimistic concurrency: the entry's seq is version + 1, and
 * `balanceAfter` is exact).
 *
 * The per-currency world account (deposits come from it, withdrawals go to it) is a hot
 * item: one DynamoDB item tops out near 500 transactional updates/s. It is sharded over
 * WORLD_SHARDS items updated with `ADD` and no condition (the world may go negative); its
 * balance is the sum of its shards. User accounts are never sharded, so a debit that must
 * not overdraw is always one conditional update on one item.
 */

import type { EntryKind } from '../domain/ledger';
import type { Currency } from '../domain/money';
import { type Key, keys } from '../dynamo/keys';
import { statusTransition } from '../dynamo/status';
import { type TransactItem, withOldOnFailure } from '../dynamo/transact';

export const WORLD_SHARDS = 16;

export interface AccountState {
  readonly id: string;
  readonly ownerId: string | undefined;
  /** 0 when the account was not found: the update's condition then fails, naming it. */
  readonly version: number;
  readonly balance: bigint;
}

export type Leg =
  | { readonly type: 'account'; readonly account: AccountState; readonly amount: bigint; readonly counterpartyAccountId: string | null }
  | { readonly type: 'world'; readonly shard: number; readonly amount: bigint };

export interface PostingInput {
  readonly table: string;
  /** The command record (transfer, purchase) that must still be PENDING. */
  readonly command: Key;
  readonly commandId: string;
  readonly kind: EntryKind;
  readonly currency: Currency;
  readonly legs: readonly Leg[];
  readonly occurredAt: string;
  /** Further items of the same transaction (e.g. a stock decrement), after the legs. */
  readonly extraItems?: readonly TransactItem[];
}

/** What each transaction item is, so cancellation reasons can be mapped back. */
export type ItemRole =
  | { readonly role: 'command' }
  | { readonly role: 'account'; readonly accountId: string; readonly amount: bigint; readonly currency: Currency }
  | { readonly role: 'entry'; readonly accountId: string }
  | { readonly role: 'world' }
  | { readonly role: 'extra'; readonly index: number };

export interface Posting {
  readonly items: TransactItem[];
  readonly roles: ItemRole[];
}

export const worldShardOf = (id: string): number => {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % WORLD_SHARDS;
};

function accountItems(input: PostingInput, leg: Extract<Leg, { type: 'account' }>): Posting {
  const { account, amount } = leg;
  const seq = account.version + 1;
  const balanceAfter = account.balance + amount;
  const isDebit = amount < 0n;
  const update: TransactItem = {
    Update: {
      TableName: input.table,
      Key: keys.account(account.id),
      UpdateExpression: 'SET balance = :after, version = :next',
      ConditionExpression: `version = :v AND currency = :c AND #status = :open${isDebit ? ' AND balance >= :debit' : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':after': balanceAfter,
        ':next': seq,
        ':v': account.version,
        ':c': input.currency,
        ':open': 'OPEN',
        ...(isDebit ? { ':debit': -amount } : {}),
      },
    },
  };
  const entry: TransactItem = {
    Put: {
      TableName: input.table,
      Item: {
        ...keys.accountEvent(account.id, seq),
        seq,
        type: isDebit ? 'Debited' : 'Credited',
        kind: input.kind,
        transferId: input.commandId,
        accountId: account.id,
        amount,
        balanceAfter,
        currency: input.currency,
        counterpartyAccountId: leg.counterpartyAccountId,
        occurredAt: input.occurredAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return {
    items: [update, entry],
    roles: [
      { role: 'account', accountId: account.id, amount, currency: input.currency },
      { role: 'entry', accountId: account.id },
    ],
  };
}

function worldItem(input: PostingInput, leg: Extract<Leg, { type: 'world' }>): Posting {
  return {
    items: [
      {
        Update: {
          TableName: input.table,
          Key: keys.worldShard(input.currency, leg.shard),
          UpdateExpression: 'ADD balance :delta SET currency = :c',
          ExpressionAttributeValues: { ':delta': leg.amount, ':c': input.currency },
        },
      },
    ],
    roles: [{ role: 'world' }],
  };
}

export function buildPosting(input: PostingInput, commandUpdate: TransactItem): Posting {
  const sum = input.legs.reduce((total, leg) => total + leg.amount, 0n);
  if (sum !== 0n) throw new Error(`Invariant: a posting's legs sum to zero, got ${sum}`);
  const parts = input.legs.map((leg) => (leg.type === 'account' ? accountItems(input, leg) : worldItem(input, leg)));
  const extra = input.extraItems ?? [];
  return {
    // ALL_OLD on failure: the cancellation reasons then say what the items looked like.
    items: [commandUpdate, ...parts.flatMap((p) => p.items), ...extra].map(withOldOnFailure),
    roles: [{ role: 'command' }, ...parts.flatMap((p) => p.roles), ...extra.map((_, index) => ({ role: 'extra' as const, index }))],
  };
}

/** PENDING → terminal, dropping the sweeper's index attributes in the same write. */
export const completeCommandUpdate = (table: string, key: Key, set: Record<string, unknown>): TransactItem =>
  statusTransition(key, 'PENDING', set, { table });
