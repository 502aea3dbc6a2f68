/**
 * Transfer records (deposits, withdrawals, transfers, settlements): building the
 * PENDING record with its queue message, the API view, and the outcome events.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type DomainEvent, domainEvent, type OutgoingMessage, queueMessage } from '../../events/contract';
import { SettlementTransferEndedV1 } from '../../events/expenses';
import { TransferCompletedV1, TransferFailedV1 } from '../../events/transfers';
import type { CommandStatus } from '../domain/ledger';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { firstStep, type SagaCommand, type StepName } from '../domain/sagas';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { stepMessage } from '../sagas/messages';
import type { TransferKind, TransferView } from './schemas';

export interface TransferItem {
  readonly pk: string;
  readonly sk: string;
  readonly id: string;
  readonly kind: TransferKind;
  readonly status: CommandStatus;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
  /** Owners of the accounts at acceptance: who may read this transfer. */
  readonly participantIds: string[];
  readonly initiatorId: string;
  readonly amountMinor: number | bigint;
  readonly currency: Currency;
  readonly memo: string | null;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly failedAt?: string;
  readonly failureReason?: string;
  readonly groupId?: string;
  readonly settlementId?: string;
  /** The saga step the transfer waits for while PENDING (shared/domain/sagas.ts). */
  readonly step?: StepName;
  /** Money debited and not yet credited (or refunded), in minor units. */
  readonly inFlightMinor?: number | bigint;
}

export interface NewTransfer {
  readonly id: string;
  readonly kind: TransferKind;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
  readonly participantIds: string[];
  readonly initiatorId: string;
  readonly amountMinor: bigint;
  readonly currency: Currency;
  readonly memo: string | null;
  readonly createdAt: string;
  readonly groupId?: string;
  readonly settlementId?: string;
}

export function toTransferView(t: TransferItem): TransferView {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    fromAccountId: t.fromAccountId,
    toAccountId: t.toAccountId,
    amount: formatAmount(toMinor(t.amountMinor), t.currency),
    currency: t.currency,
    memo: t.memo,
    createdAt: t.createdAt,
    ...(t.completedAt ? { completedAt: t.completedAt } : {}),
    ...(t.failureReason ? { failureReason: t.failureReason } : {}),
  };
}

/** What the saga rules need of a transfer. */
export const transferSaga = (t: NewTransfer | TransferItem): SagaCommand => ({
  kind: t.kind,
  amountMinor: toMinor(t.amountMinor),
  payerAccountId: t.fromAccountId,
  payeeAccountId: t.toAccountId,
});

function coreDetail(t: NewTransfer | TransferItem, occurredAt: string) {
  return {
    transferId: t.id,
    kind: t.kind,
    fromAccountId: t.fromAccountId,
    toAccountId: t.toAccountId,
    amount: formatAmount(toMinor(t.amountMinor), t.currency),
    currency: t.currency,
    occurredAt,
    ...(t.groupId ? { groupId: t.groupId } : {}),
    ...(t.settlementId ? { settlementId: t.settlementId } : {}),
  };
}

/** The PENDING transfer, waiting for its first step, and that step's message (FIFO group: the account it writes). */
export function newTransferRecord(t: NewTransfer): { record: TransferItem & Record<string, unknown>; message: OutgoingMessage } {
  const saga = transferSaga(t);
  const step = firstStep(saga);
  const record = { ...keys.transfer(t.id), type: 'transfer', ...t, status: 'PENDING' as const, step };
  return { record, message: stepMessage('transfer', t.id, saga, step) };
}

/** What a terminal transfer hands on: a settlement's group learns how its transfer ended. */
export function followUpMessages(t: TransferItem): OutgoingMessage[] {
  if (t.kind !== 'settlement' || !t.groupId || !t.settlementId) return [];
  if (t.status !== 'COMPLETED' && t.status !== 'FAILED') return [];
  const detail = {
    groupId: t.groupId,
    settlementId: t.settlementId,
    transferId: t.id,
    status: t.status,
    occurredAt: t.completedAt ?? t.failedAt ?? t.createdAt,
    ...(t.failureReason ? { failureReason: t.failureReason } : {}),
  };
  return [queueMessage(SettlementTransferEndedV1, detail, { groupId: t.groupId, id: `${t.settlementId}.transfer-ended` })];
}

/** The accounts a transfer moves money between (a deposit or withdrawal has one). */
export const accountIdsOf = (t: { readonly fromAccountId: string | null; readonly toAccountId: string | null }): string[] =>
  [t.fromAccountId, t.toAccountId].filter((id): id is string => id !== null);

/**
 * Who may see a transfer besides admins: its participants (the owners of its accounts) while it
 * is pending or completed; once FAILED only its initiator. A failed transfer never reached the
 * payee, and its failure reason (the payer's INSUFFICIENT_FUNDS) is the initiator's business.
 */
export function viewersOf(t: Pick<TransferItem, 'status' | 'participantIds' | 'initiatorId'>): string[] {
  return t.status === 'FAILED' ? [t.initiatorId] : t.participantIds;
}

/**
 * Who hears about a transfer: only what its viewers may see (their accounts, themselves), like
 * `GET /transfers/{id}`; a failed one only its initiator, on the account the money would have
 * left (the initiator's own: every command that debits one needs its owner). Never the group
 * of a settlement: the other members would learn both wallets and the failure reason; the
 * settlement's own outcome event tells the group.
 */
export function topicsOf(t: TransferItem): string[] {
  const accounts = t.status === 'FAILED' ? (t.fromAccountId ? [t.fromAccountId] : []) : accountIdsOf(t);
  return [...accounts.map((id) => `account:${id}`), ...viewersOf(t).map((id) => `user:${id}`)];
}

/** The terminal event of a transfer, rebuilt from its record (so re-publishing is exact). */
export function outcomeEvent(t: TransferItem): DomainEvent {
  const base = {
    ...coreDetail(t, t.completedAt ?? t.failedAt ?? t.createdAt),
    topics: topicsOf(t),
    eventId: `${t.id}:${t.status.toLowerCase()}`,
  };
  if (t.status === 'COMPLETED') {
    return domainEvent(TransferCompletedV1, { ...base, status: 'COMPLETED', completedAt: t.completedAt as string });
  }
  if (t.status === 'FAILED') {
    return domainEvent(TransferFailedV1, { ...base, status: 'FAILED', failureReason: t.failureReason ?? 'PROCESSING_ERROR' });
  }
  throw new Error(`Invariant: only a terminal transfer has an outcome event (${t.id} is ${t.status})`);
}

export async function getTransfer(transferId: string, consistent = false): Promise<TransferItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.transfer(transferId), ConsistentRead: consistent }),
  );
  return Item as TransferItem | undefined;
}
