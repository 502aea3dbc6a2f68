/** Outcome events of group commands, rebuilt from their records so re-publishing is exact. */
import { type DomainEvent, domainEvent } from '../../events/contract';
import { ExpenseCompletedV1, ExpenseDeletedV1, ExpenseFailedV1, SettlementCompletedV1, SettlementFailedV1 } from '../../events/expenses';
import { formatAmount, toMinor } from '../domain/money';
import { type ExpenseItem, versionOf } from './expenses';
import type { SettlementItem } from './settlements';

export function expenseOutcome(e: ExpenseItem, memberIds: readonly string[]): DomainEvent {
  const base = {
    groupId: e.groupId,
    expenseId: e.id,
    amount: formatAmount(toMinor(e.amountMinor), e.currency),
    currency: e.currency,
    description: e.description,
    occurredAt: (e.status === 'DELETED' ? e.deletedAt : e.updatedAt) ?? e.completedAt ?? e.createdAt,
    // Per version: an edited or restored expense completes again, and that is a new push.
    eventId: `${e.id}:v${versionOf(e)}:${e.status.toLowerCase()}`,
    topics: [`group:${e.groupId}`, ...memberIds.map((id) => `user:${id}`)],
  };
  if (e.status === 'COMPLETED') return domainEvent(ExpenseCompletedV1, { ...base, status: 'COMPLETED' });
  if (e.status === 'DELETED') return domainEvent(ExpenseDeletedV1, { ...base, status: 'DELETED' });
  if (e.status === 'FAILED')
    return domainEvent(ExpenseFailedV1, { ...base, status: 'FAILED', failureReason: e.failureReason ?? 'PROCESSING_ERROR' });
  throw new Error(`Invariant: only a terminal expense has an outcome event (${e.id} is ${e.status})`);
}

export function settlementOutcome(s: SettlementItem): DomainEvent {
  const base = {
    groupId: s.groupId,
    settlementId: s.id,
    transferId: s.transferId,
    fromUserId: s.fromUserId,
    toUserId: s.toUserId,
    amount: formatAmount(toMinor(s.amountMinor), s.currency),
    currency: s.currency,
    occurredAt: s.completedAt ?? s.createdAt,
    eventId: `${s.id}:${s.status.toLowerCase()}`,
    topics: [`group:${s.groupId}`, `user:${s.fromUserId}`, `user:${s.toUserId}`],
  };
  if (s.status === 'COMPLETED') return domainEvent(SettlementCompletedV1, { ...base, status: 'COMPLETED' });
  if (s.status === 'FAILED')
    return domainEvent(SettlementFailedV1, { ...base, status: 'FAILED', failureReason: s.failureReason ?? 'TRANSFER_FAILED' });
  throw new Error(`Invariant: only a terminal settlement has an outcome event (${s.id} is ${s.status})`);
}
