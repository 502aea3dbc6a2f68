/** Purchase records: the PENDING record with its requested-event, views and outcome events. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type DomainEvent, domainEvent, type OutgoingMessage } from '../../events/contract';
import { PurchaseCompletedV1, PurchaseFailedV1 } from '../../events/purchases';
import type { CommandStatus } from '../domain/ledger';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { firstStep, type SagaCommand, type StepName } from '../domain/sagas';
import { documentClient, mainTableName } from '../dynamo/client';
import { type Key, keys, lists } from '../dynamo/keys';
import { stepMessage } from '../sagas/messages';
import type { PurchaseView } from './schemas';

export interface PurchaseItem {
  readonly id: string;
  readonly status: CommandStatus;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number | bigint;
  readonly total: number | bigint;
  readonly currency: Currency;
  readonly buyerId: string;
  readonly accountId: string;
  readonly merchantAccountId: string;
  readonly merchantId: string;
  readonly createdAt: string;
  readonly completedAt?: string;
  readonly failedAt?: string;
  readonly failureReason?: string;
  /** The saga step the purchase waits for while PENDING (shared/domain/sagas.ts). */
  readonly step?: StepName;
  /** Money debited from the buyer and not yet credited to the merchant (or refunded). */
  readonly inFlightMinor?: number | bigint;
}

/** What the saga rules need of a purchase. */
export const purchaseSaga = (p: PurchaseItem): SagaCommand => ({
  kind: 'purchase',
  amountMinor: toMinor(p.total),
  payerAccountId: p.accountId,
  payeeAccountId: p.merchantAccountId,
  sku: p.sku,
  quantity: Number(p.quantity),
});

export const toPurchaseView = (p: PurchaseItem): PurchaseView => ({
  id: p.id,
  status: p.status,
  sku: p.sku,
  quantity: Number(p.quantity),
  unitPrice: formatAmount(toMinor(p.unitPrice), p.currency),
  total: formatAmount(toMinor(p.total), p.currency),
  currency: p.currency,
  buyerId: p.buyerId,
  accountId: p.accountId,
  merchantAccountId: p.merchantAccountId,
  createdAt: p.createdAt,
  ...(p.completedAt ? { completedAt: p.completedAt } : {}),
  ...(p.failureReason ? { failureReason: p.failureReason } : {}),
});

function core(p: PurchaseItem, occurredAt: string) {
  return {
    purchaseId: p.id,
    sku: p.sku,
    quantity: Number(p.quantity),
    total: formatAmount(toMinor(p.total), p.currency),
    currency: p.currency,
    accountId: p.accountId,
    merchantAccountId: p.merchantAccountId,
    occurredAt,
  };
}

/** The PENDING purchase, waiting for its stock, and the reservation's message (FIFO group: the product). */
export function newPurchaseRecord(p: PurchaseItem): { record: PurchaseItem & Key & Record<string, unknown>; message: OutgoingMessage } {
  const saga = purchaseSaga(p);
  const step = firstStep(saga);
  const record = {
    ...keys.purchase(p.id),
    type: 'purchase',
    ...p,
    step,
    gsi1pk: lists.purchasesOf(p.buyerId),
    gsi1sk: lists.sortKey(p.createdAt, p.id),
  };
  return { record, message: stepMessage('purchase', p.id, saga, step) };
}

export function purchaseOutcomeEvent(p: PurchaseItem): DomainEvent {
  const base = {
    ...core(p, p.completedAt ?? p.failedAt ?? p.createdAt),
    eventId: `${p.id}:${p.status.toLowerCase()}`,
    topics: [`account:${p.accountId}`, `account:${p.merchantAccountId}`, `user:${p.buyerId}`, `user:${p.merchantId}`],
  };
  if (p.status === 'COMPLETED')
    return domainEvent(PurchaseCompletedV1, { ...base, status: 'COMPLETED', completedAt: p.completedAt as string });
  if (p.status === 'FAILED')
    return domainEvent(PurchaseFailedV1, { ...base, status: 'FAILED', failureReason: p.failureReason ?? 'PROCESSING_ERROR' });
  throw new Error(`Invariant: only a terminal purchase has an outcome event (${p.id} is ${p.status})`);
}

export async function getPurchase(id: string, consistent = false): Promise<PurchaseItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.purchase(id), ConsistentRead: consistent }),
  );
  return Item as PurchaseItem | undefined;
}
