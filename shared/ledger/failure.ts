/**
 * Maps a cancelled posting transaction to what happened, from the cancellation
 * reasons and the items as they were (ReturnValuesOnConditionCheckFailure ALL_OLD) —
 * never from an earlier, racy read.
 */
import type { TransferFailureReason } from '../domain/ledger';
import { toMinor } from '../domain/money';
import type { CancelledItem } from '../dynamo/transact';
import type { ItemRole } from './posting';

export type PostingOutcome =
  | { readonly kind: 'failed'; readonly reason: TransferFailureReason }
  | { readonly kind: 'already-done' }
  /** Only a version moved (a concurrent posting): read again and retry. */
  | { readonly kind: 'retry' }
  /** An extra item's condition failed; the caller knows what it means. */
  | { readonly kind: 'extra'; readonly index: number; readonly item: Record<string, unknown> | undefined };

function accountFailure(role: Extract<ItemRole, { role: 'account' }>, item: Record<string, unknown> | undefined): PostingOutcome {
  if (!item) return { kind: 'failed', reason: 'ACCOUNT_NOT_FOUND' };
  if (item.currency !== role.currency) return { kind: 'failed', reason: 'CURRENCY_MISMATCH' };
  if (item.status !== 'OPEN') return { kind: 'failed', reason: 'ACCOUNT_CLOSED' };
  if (role.amount < 0n && toMinor(item.balance) < -role.amount) return { kind: 'failed', reason: 'INSUFFICIENT_FUNDS' };
  return { kind: 'retry' };
}

/** Business failures outrank retries: a missing account stays missing however often we retry. */
export function mapCancellation(cancelled: readonly CancelledItem[], roles: readonly ItemRole[]): PostingOutcome {
  const outcomes = cancelled
    .filter((c) => c.code === 'ConditionalCheckFailed')
    .map((c): PostingOutcome => {
      const role = roles[c.index];
      if (!role) throw new Error(`Invariant: cancellation index ${c.index} has no role`);
      switch (role.role) {
        case 'command':
          return { kind: 'already-done' };
        case 'account':
          return accountFailure(role, c.item);
        case 'extra':
          return { kind: 'extra', index: role.index, item: c.item };
        default:
          return { kind: 'retry' };
      }
    });
  const rank = (o: PostingOutcome) => ({ 'already-done': 0, failed: 1, extra: 2, retry: 3 })[o.kind];
  return outcomes.sort((a, b) => rank(a) - rank(b))[0] ?? { kind: 'retry' };
}
