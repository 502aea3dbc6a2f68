/**
 * Completing a purchase in one transaction: purchase PENDING → COMPLETED, buyer debited
 * (no overdraft), merchant credited, both ledger entries, and the stock decremented
 * under `stock >= quantity`. A failed stock condition means OUT_OF_STOCK (or
 * PRODUCT_NOT_FOUND when the product is gone), read from the cancellation reasons.
 */
import { toMinor } from '../domain/money';
import { mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { buildPosting, completeCommandUpdate } from '../ledger/posting';
import { giveUpPosting, type PostingCommand, runPosting } from '../ledger/run-posting';
import { type PurchaseItem, purchaseOutcomeEvent } from './purchases';

export function purchaseCommand(purchaseId: string, expectedAccountIds: readonly string[] = []): PostingCommand<PurchaseItem> {
  const table = mainTableName();
  const key = keys.purchase(purchaseId);
  return {
    name: `purchase ${purchaseId}`,
    key,
    expectedAccountIds,
    isPending: (p) => p.status === 'PENDING',
    accountIds: (p) => [p.accountId, p.merchantAccountId],
    posting: (p, states, completedAt) => {
      const total = toMinor(p.total);
      const stockUpdate = {
        Update: {
          TableName: table,
          Key: keys.product(p.sku),
          UpdateExpression: 'SET stock = stock - :q',
          ConditionExpression: 'attribute_exists(pk) AND stock >= :q',
          ExpressionAttributeValues: { ':q': Number(p.quantity) },
        },
      };
      return buildPosting(
        {
          table,
          command: key,
          commandId: p.id,
          kind: 'purchase',
          currency: p.currency,
          legs: [
            { type: 'account', account: states.get(p.accountId) as never, amount: -total, counterpartyAccountId: p.merchantAccountId },
            { type: 'account', account: states.get(p.merchantAccountId) as never, amount: total, counterpartyAccountId: p.accountId },
          ],
          occurredAt: completedAt,
          extraItems: [stockUpdate],
        },
        completeCommandUpdate(table, key, { status: 'COMPLETED', completedAt }),
      );
    },
    completed: (p, completedAt) => ({ ...p, status: 'COMPLETED', completedAt }),
    failure: (p, reason, failedAt) => ({
      item: completeCommandUpdate(table, key, { status: 'FAILED', failureReason: reason, failedAt }),
      failed: { ...p, status: 'FAILED', failureReason: reason, failedAt },
    }),
    outcomeEvent: purchaseOutcomeEvent,
    extraFailure: (_index, product) => (product ? 'OUT_OF_STOCK' : 'PRODUCT_NOT_FOUND'),
  };
}

export const completePurchase = (purchaseId: string, expectedAccountIds: readonly string[] = []): Promise<void> =>
  runPosting(purchaseCommand(purchaseId, expectedAccountIds));
export const giveUpPurchase = (purchaseId: string): Promise<void> => giveUpPosting(purchaseCommand(purchaseId));
