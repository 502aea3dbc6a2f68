/** What the group processor does with each event it receives (serialized per group). */
import { publish } from '../bus/publisher';
import { toMinor } from '../domain/money';
import { keys } from '../dynamo/keys';
import { statusTransition } from '../dynamo/status';
import { transactWrite } from '../dynamo/transact';
import { logger } from '../observability/logger';
import { applyGroupChange } from './apply';
import { type ExpenseItem, expenseDeltas, getExpense } from './expenses';
import { membersOf } from './groups';
import { expenseOutcome, settlementOutcome } from './outcomes';
import { getSettlement } from './settlements';

const memberIdsOf = async (groupId: string) => (await membersOf(groupId)).map((m) => m.userId);

async function publishExpense(e: ExpenseItem): Promise<void> {
  await publish([expenseOutcome(e, await memberIdsOf(e.groupId))]);
}

export async function applyExpense(groupId: string, expenseId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense) return logger.warn('expense not found; ignoring', { groupId, expenseId });
  if (expense.status !== 'PENDING') return publishExpense(expense);
  const completedAt = new Date().toISOString();
  const outcome = await applyGroupChange({
    groupId,
    command: statusTransition(keys.expense(groupId, expenseId), 'PENDING', { status: 'COMPLETED', completedAt }),
    deltas: expenseDeltas(expense),
    eventType: 'ExpenseAdded',
    eventData: { expenseId, description: expense.description, amount: toMinor(expense.amountMinor), paidBy: expense.paidBy },
    occurredAt: completedAt,
  });
  if (outcome === 'group-missing') {
    const failedAt = new Date().toISOString();
    const item = statusTransition(keys.expense(groupId, expenseId), 'PENDING', {
      status: 'FAILED',
      failureReason: 'GROUP_NOT_FOUND',
      failedAt,
    });
    if ((await transactWrite([item])).ok) await publishExpense({ ...expense, status: 'FAILED', failureReason: 'GROUP_NOT_FOUND' });
    return;
  }
  if (outcome === 'applied') return publishExpense({ ...expense, status: 'COMPLETED', completedAt });
  return applyExpense(groupId, expenseId); // already done by another delivery: re-read and re-publish
}

export async function deleteExpense(groupId: string, expenseId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense || expense.status === 'FAILED') return;
  if (expense.status === 'DELETED') return publishExpense(expense);
  if (expense.status === 'PENDING') throw new Error(`Expense ${expenseId} is still PENDING; deletion retried later`);
  const deletedAt = new Date().toISOString();
  const reverse = new Map([...expenseDeltas(expense)].map(([userId, delta]) => [userId, -delta]));
  const outcome = await applyGroupChange({
    groupId,
    // Leaves the sweeper's index, which the deletion request joined.
    command: statusTransition(keys.expense(groupId, expenseId), 'COMPLETED', { status: 'DELETED', deletedAt }, { removePending: true }),
    deltas: reverse,
    eventType: 'ExpenseDeleted',
    eventData: { expenseId },
    occurredAt: deletedAt,
  });
  if (outcome === 'applied') await publishExpense({ ...expense, status: 'DELETED', deletedAt });
  else if (outcome === 'already-done') await deleteExpense(groupId, expenseId);
}

export async function recordSettlement(settlementId: string, transferCompleted: boolean): Promise<void> {
  const settlement = await getSettlement(settlementId);
  if (!settlement) return logger.warn('settlement not found; ignoring', { settlementId });
  if (settlement.status !== 'PENDING') return publish([settlementOutcome(settlement)]);
  const at = new Date().toISOString();
  const key = keys.settlement(settlementId);
  if (!transferCompleted) {
    // The transfer failed: the group is untouched.
    const failed = { ...settlement, status: 'FAILED' as const, failureReason: 'TRANSFER_FAILED', completedAt: at };
    const ok = (
      await transactWrite([statusTransition(key, 'PENDING', { status: 'FAILED', failureReason: 'TRANSFER_FAILED', completedAt: at })])
    ).ok;
    if (ok) await publish([settlementOutcome(failed)]);
    return;
  }
  const amount = toMinor(settlement.amountMinor);
  const outcome = await applyGroupChange({
    groupId: settlement.groupId,
    command: statusTransition(key, 'PENDING', { status: 'COMPLETED', completedAt: at }),
    // The payer's debt shrinks (net rises); the receiver is owed less (net falls).
    deltas: new Map([
      [settlement.fromUserId, amount],
      [settlement.toUserId, -amount],
    ]),
    eventType: 'SettlementRecorded',
    eventData: {
      settlementId,
      transferId: settlement.transferId,
      fromUserId: settlement.fromUserId,
      toUserId: settlement.toUserId,
      amount,
    },
    occurredAt: at,
  });
  if (outcome === 'applied') await publish([settlementOutcome({ ...settlement, status: 'COMPLETED', completedAt: at })]);
  else if (outcome === 'already-done') await recordSettlement(settlementId, transferCompleted);
}

/**
 * The last delivery of a deletion failed: the expense stays COMPLETED and leaves the
 * sweeper's index (it would only fail again); the message is in the DLQ, with its alarm,
 * and a redrive deletes it then.
 */
export async function giveUpDeletion(groupId: string, expenseId: string): Promise<void> {
  const item = statusTransition(keys.expense(groupId, expenseId), 'COMPLETED', {}, { removePending: true });
  if ((await transactWrite([item])).ok) logger.error('expense deletion given up; its message is in the DLQ', { groupId, expenseId });
}

/** The last delivery of an expense failed: it ends FAILED with PROCESSING_ERROR. */
export async function giveUpExpense(groupId: string, expenseId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense || expense.status !== 'PENDING') return;
  const item = statusTransition(keys.expense(groupId, expenseId), 'PENDING', { status: 'FAILED', failureReason: 'PROCESSING_ERROR' });
  if ((await transactWrite([item])).ok) await publishExpense({ ...expense, status: 'FAILED', failureReason: 'PROCESSING_ERROR' });
}
