/**
 * Processor of the group queue (FIFO, grouped by group id): expenses requested and
 * deleted, and settlement transfers that ended, each applied to the group once.
 */
import { parseDetail } from '../../events/contract';
import {
  ExpenseDeletionRequestedV1,
  ExpenseEditRequestedV1,
  ExpenseRequestedV1,
  ExpenseRestoreRequestedV1,
  SettlementTransferEndedV1,
} from '../../events/expenses';
import {
  applyEdit,
  applyExpense,
  deleteExpense,
  giveUpDeletion,
  giveUpEdit,
  giveUpExpense,
  giveUpRestore,
  recordSettlement,
  restoreExpense,
} from '../../shared/groups/process';
import { commandProcessor } from '../../shared/processing/queue-processor';

export const handler = commandProcessor(
  {
    queue: 'groups',
    onGiveUp: async (message) => {
      if (message.type === ExpenseRequestedV1.type) {
        const detail = parseDetail(ExpenseRequestedV1, message.detail);
        await giveUpExpense(detail.groupId, detail.expenseId);
      } else if (message.type === ExpenseDeletionRequestedV1.type) {
        const detail = parseDetail(ExpenseDeletionRequestedV1, message.detail);
        await giveUpDeletion(detail.groupId, detail.expenseId);
      } else if (message.type === ExpenseRestoreRequestedV1.type) {
        const detail = parseDetail(ExpenseRestoreRequestedV1, message.detail);
        await giveUpRestore(detail.groupId, detail.expenseId);
      } else if (message.type === ExpenseEditRequestedV1.type) {
        const detail = parseDetail(ExpenseEditRequestedV1, message.detail);
        await giveUpEdit(detail.groupId, detail.expenseId, detail.version ?? 1);
      }
    },
  },
  async (message) => {
    switch (message.type) {
      case ExpenseRequestedV1.type: {
        const detail = parseDetail(ExpenseRequestedV1, message.detail);
        return applyExpense(detail.groupId, detail.expenseId);
      }
      case ExpenseDeletionRequestedV1.type: {
        const detail = parseDetail(ExpenseDeletionRequestedV1, message.detail);
        return deleteExpense(detail.groupId, detail.expenseId, detail.version, detail.actorId);
      }
      case ExpenseRestoreRequestedV1.type: {
        const detail = parseDetail(ExpenseRestoreRequestedV1, message.detail);
        return restoreExpense(detail.groupId, detail.expenseId, detail.version, detail.actorId);
      }
      case ExpenseEditRequestedV1.type: {
        const detail = parseDetail(ExpenseEditRequestedV1, message.detail);
        return applyEdit(detail.groupId, detail.expenseId, detail.version ?? 1, detail.actorId ?? 'system');
      }
      case SettlementTransferEndedV1.type: {
        const detail = parseDetail(SettlementTransferEndedV1, message.detail);
        return recordSettlement(detail.settlementId, detail.status === 'COMPLETED', detail.failureReason);
      }
      default:
        throw new Error(`Unexpected message ${message.type} on the group queue`);
    }
  },
);
