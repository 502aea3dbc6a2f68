/**
 * Processor of the group queue (FIFO, grouped by group id): expenses requested and
 * deleted, and settlement transfers completed or failed, each applied to the group once.
 */
import { parseEvent } from '../../events/contract';
import { ExpenseDeletionRequestedV1, ExpenseRequestedV1 } from '../../events/expenses';
import { TransferCompletedV1, TransferFailedV1 } from '../../events/transfers';
import { applyExpense, deleteExpense, giveUpDeletion, giveUpExpense, recordSettlement } from '../../shared/groups/process';
import { queueProcessor } from '../../shared/processing/queue-processor';

export const handler = queueProcessor(
  {
    queue: 'groups',
    onGiveUp: async (event) => {
      if (event['detail-type'] === ExpenseRequestedV1.type) {
        const detail = parseEvent(ExpenseRequestedV1, event.detail);
        await giveUpExpense(detail.groupId, detail.expenseId);
      } else if (event['detail-type'] === ExpenseDeletionRequestedV1.type) {
        const detail = parseEvent(ExpenseDeletionRequestedV1, event.detail);
        await giveUpDeletion(detail.groupId, detail.expenseId);
      }
    },
  },
  async (event) => {
    switch (event['detail-type']) {
      case ExpenseRequestedV1.type: {
        const detail = parseEvent(ExpenseRequestedV1, event.detail);
        return applyExpense(detail.groupId, detail.expenseId);
      }
      case ExpenseDeletionRequestedV1.type: {
        const detail = parseEvent(ExpenseDeletionRequestedV1, event.detail);
        return deleteExpense(detail.groupId, detail.expenseId);
      }
      case TransferCompletedV1.type: {
        const detail = parseEvent(TransferCompletedV1, event.detail);
        return detail.settlementId ? recordSettlement(detail.settlementId, true) : undefined;
      }
      case TransferFailedV1.type: {
        const detail = parseEvent(TransferFailedV1, event.detail);
        return detail.settlementId ? recordSettlement(detail.settlementId, false) : undefined;
      }
      default:
        throw new Error(`Unexpected event ${event['detail-type']} on the group queue`);
    }
  },
);
