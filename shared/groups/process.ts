/** What the group processor does with each event it receives (serialized per group). */
import { publish } from '../bus/publisher';
import { negateNets, netsDelta } from '../domain/group-nets';
import { toMinor } from '../domain/money';
import { keys } from '../dynamo/keys';
import { statusTransition } from '../dynamo/status';
import { transactWrite } from '../dynamo/transact';
import { logger } from '../observability/logger';
import { expenseSummary, sentences } from './activity';
import { applyGroupChange } from './apply';
import { type ExpenseItem, expenseDeltas, expenseTransition, getExpense, versionOf } from './expenses';
import { type MemberItem, membersOf } from './groups';
import { expenseOutcome, settlementOutcome } from './outcomes';
import { getSettlement } from './settlements';

const nameIn = (members: readonly MemberItem[], userId: string) => members.find((m) => m.userId === userId)?.name ?? userId;

async function publishExpense(e: ExpenseItem, members?: readonly MemberItem[]): Promise<void> {
  const ids = (members ?? (await membersOf(e.groupId))).map((m) => m.userId);
  await publish([expenseOutcome(e, ids)]);
}

async function failExpense(expense: ExpenseItem, failureReason: string): Promise<void> {
  const failedAt = new Date().toISOString();
  const item = statusTransition(keys.expense(expense.groupId, expense.id), 'PENDING', { status: 'FAILED', failureReason, failedAt });
  if ((await transactWrite([item])).ok) await publishExpense({ ...expense, status: 'FAILED', failureReason });
}

export async function applyExpense(groupId: string, expenseId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense) return logger.warn('expense not found; ignoring', { groupId, expenseId });
  if (expense.pendingEdit) return; // applied long ago and being edited: the edit publishes
  if (expense.status !== 'PENDING') return publishExpense(expense);
  const members = await membersOf(groupId);
  const completedAt = new Date().toISOString();
  const amount = toMinor(expense.amountMinor);
  const outcome = await applyGroupChange({
    groupId,
    command: statusTransition(keys.expense(groupId, expenseId), 'PENDING', { status: 'COMPLETED', completedAt }),
    deltas: expenseDeltas(expense),
    eventType: 'ExpenseAdded',
    eventData: { expenseId, description: expense.description, amount, paidBy: expense.paidBy },
    occurredAt: completedAt,
    actorId: expense.createdBy,
    text: sentences.added(nameIn(members, expense.createdBy), expense.description, amount, expense.currency),
    requireMembers: true,
  });
  if (outcome === 'group-missing') return failExpense(expense, 'GROUP_NOT_FOUND');
  if (outcome === 'member-missing') return failExpense(expense, 'MEMBER_NOT_IN_GROUP');
  if (outcome === 'applied') return publishExpense({ ...expense, status: 'COMPLETED', completedAt }, members);
  return applyExpense(groupId, expenseId); // already done by another delivery: re-read and re-publish
}

/**
 * An accepted edit: only the difference between the nets of the expense before and after
 * moves, in the same transaction that makes the edit the expense's fields. Comments are
 * items of their own and stay; the group events keep both versions.
 */
export async function applyEdit(groupId: string, expenseId: string, version: number, actorId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense) return logger.warn('expense not found; ignoring', { groupId, expenseId });
  const edit = expense.pendingEdit;
  if (!edit || edit.version !== version || expense.status !== 'PENDING') return; // applied, given up or overtaken
  const members = await membersOf(groupId);
  const at = new Date().toISOString();
  const { actorId: _actor, version: _version, ...fields } = edit;
  const after = { ...expense, ...fields, status: 'COMPLETED' as const, version: versionOf(expense) + 1, updatedAt: at };
  const outcome = await applyGroupChange({
    groupId,
    command: expenseTransition(expense, 'PENDING', { ...fields, status: 'COMPLETED', updatedAt: at }, ['pendingEdit']),
    deltas: netsDelta(expenseDeltas(expense), expenseDeltas(after)),
    eventType: 'ExpenseEdited',
    eventData: { expenseId, version: after.version, before: eventFields(expense), after: eventFields(after) },
    occurredAt: at,
    actorId,
    text: sentences.edited(
      nameIn(members, actorId),
      expenseSummary({ ...expense, amountMinor: toMinor(expense.amountMinor) }),
      expenseSummary({ ...after, amountMinor: toMinor(after.amountMinor) }),
    ),
    requireMembers: true,
  });
  if (outcome === 'applied') return publishExpense(after, members);
  if (outcome === 'group-missing' || outcome === 'member-missing') await giveUpEdit(groupId, expenseId, version);
}

const eventFields = (e: ExpenseItem) => ({
  description: e.description,
  amount: toMinor(e.amountMinor),
  paidBy: e.paidBy,
  payers: (e.payers ?? []).map((p) => ({ userId: p.userId, amount: toMinor(p.amountMinor) })),
  shares: e.shares.map((s) => ({ userId: s.userId, amount: toMinor(s.amountMinor) })),
});

/** Reverses or re-applies a completed/deleted expense exactly, once per version. */
async function toggleExpense(
  groupId: string,
  expenseId: string,
  version: number | undefined,
  actorId: string | undefined,
  restore: boolean,
) {
  const expense = await getExpense(groupId, expenseId);
  const from = restore ? 'DELETED' : 'COMPLETED';
  if (!expense || expense.status === 'FAILED') return;
  if (version !== undefined && versionOf(expense) !== version) return publishExpense(expense); // done, or overtaken
  if (expense.status === 'PENDING') throw new Error(`Expense ${expenseId} is still PENDING; retried later`);
  if (expense.status !== from) return publishExpense(expense);
  const members = await membersOf(groupId);
  const at = new Date().toISOString();
  const actor = actorId ?? expense.createdBy;
  const nets = expenseDeltas(expense);
  const set = restore ? { status: 'COMPLETED', restoredAt: at } : { status: 'DELETED', deletedAt: at };
  const outcome = await applyGroupChange({
    groupId,
    // Leaves the sweeper's index, which the request joined.
    command: expenseTransition(expense, from, set),
    deltas: restore ? nets : negateNets(nets),
    eventType: restore ? 'ExpenseRestored' : 'ExpenseDeleted',
    eventData: { expenseId, version: versionOf(expense) + 1 },
    occurredAt: at,
    actorId: actor,
    text: (restore ? sentences.restored : sentences.deleted)(nameIn(members, actor), expense.description),
    requireMembers: restore,
  });
  const next: ExpenseItem = { ...expense, ...set, version: versionOf(expense) + 1 } as ExpenseItem;
  if (outcome === 'applied') await publishExpense(next, members);
  else if (outcome === 'already-done') await toggleExpense(groupId, expenseId, version, actorId, restore);
  else if (outcome === 'member-missing') await giveUpToggle(groupId, expenseId, from);
}

export const deleteExpense = (groupId: string, expenseId: string, version?: number, actorId?: string) =>
  toggleExpense(groupId, expenseId, version, actorId, false);
export const restoreExpense = (groupId: string, expenseId: string, version?: number, actorId?: string) =>
  toggleExpense(groupId, expenseId, version, actorId, true);

export async function recordSettlement(settlementId: string, transferCompleted: boolean, failureReason?: string): Promise<void> {
  const settlement = await getSettlement(settlementId);
  if (!settlement) return logger.warn('settlement not found; ignoring', { settlementId });
  if (settlement.status !== 'PENDING') return publish([settlementOutcome(settlement)]);
  const members = await membersOf(settlement.groupId);
  const at = new Date().toISOString();
  const key = keys.settlement(settlementId);
  const amount = toMinor(settlement.amountMinor);
  const [from, to] = [nameIn(members, settlement.fromUserId), nameIn(members, settlement.toUserId)];
  const reason = failureReason ?? 'TRANSFER_FAILED';
  const eventData = {
    settlementId,
    transferId: settlement.transferId,
    fromUserId: settlement.fromUserId,
    toUserId: settlement.toUserId,
    amount,
  };
  const outcome = await applyGroupChange({
    groupId: settlement.groupId,
    command: statusTransition(
      key,
      'PENDING',
      transferCompleted ? { status: 'COMPLETED', completedAt: at } : { status: 'FAILED', failureReason: reason, completedAt: at },
    ),
    // Completed: the payer's debt shrinks (net rises), the receiver is owed less (net falls).
    // Failed: the group's nets are untouched; the feed says so.
    deltas: transferCompleted
      ? new Map([
          [settlement.fromUserId, amount],
          [settlement.toUserId, -amount],
        ])
      : new Map(),
    // Either way the money is no longer on its way: its hold on the group ends.
    settling: settlement.reserved
      ? new Map([
          [settlement.fromUserId, -amount],
          [settlement.toUserId, amount],
        ])
      : new Map(),
    eventType: transferCompleted ? 'SettlementRecorded' : 'SettlementFailed',
    eventData: transferCompleted ? eventData : { ...eventData, failureReason: reason },
    occurredAt: at,
    actorId: settlement.fromUserId,
    text: transferCompleted
      ? sentences.settled(from, to, amount, settlement.currency)
      : sentences.settlementFailed(from, to, amount, settlement.currency, reason),
  });
  const ended = transferCompleted
    ? { ...settlement, status: 'COMPLETED' as const, completedAt: at }
    : { ...settlement, status: 'FAILED' as const, failureReason: reason, completedAt: at };
  if (outcome === 'applied') await publish([settlementOutcome(ended)]);
  else if (outcome === 'already-done') await recordSettlement(settlementId, transferCompleted, failureReason);
}

/**
 * The last delivery of a deletion or restore failed: the expense stays as it was and
 * leaves the sweeper's index (it would only fail again); the message is in the DLQ, with
 * its alarm, and a redrive applies it then.
 */
export async function giveUpToggle(groupId: string, expenseId: string, status: 'COMPLETED' | 'DELETED'): Promise<void> {
  const item = statusTransition(keys.expense(groupId, expenseId), status, {}, { removePending: true });
  const update = item.Update as NonNullable<typeof item.Update>;
  const released = { Update: { ...update, UpdateExpression: `${update.UpdateExpression}, pendingChangeId` } };
  if ((await transactWrite([released])).ok) logger.error('expense change given up; its message is in the DLQ', { groupId, expenseId });
}
export const giveUpDeletion = (groupId: string, expenseId: string) => giveUpToggle(groupId, expenseId, 'COMPLETED');
export const giveUpRestore = (groupId: string, expenseId: string) => giveUpToggle(groupId, expenseId, 'DELETED');

/** An edit that cannot be applied: the expense is COMPLETED as it was, the edit dropped. */
export async function giveUpEdit(groupId: string, expenseId: string, version: number): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (!expense?.pendingEdit || expense.pendingEdit.version !== version) return;
  const item = statusTransition(keys.expense(groupId, expenseId), 'PENDING', { status: 'COMPLETED' });
  const update = item.Update as NonNullable<typeof item.Update>;
  const dropped = { Update: { ...update, UpdateExpression: `${update.UpdateExpression}, pendingEdit, pendingChangeId` } };
  if ((await transactWrite([dropped])).ok) {
    logger.error('expense edit given up', { groupId, expenseId, version });
    await publishExpense({ ...expense, status: 'COMPLETED' });
  }
}

/** The last delivery of an expense failed: it ends FAILED with PROCESSING_ERROR. */
export async function giveUpExpense(groupId: string, expenseId: string): Promise<void> {
  const expense = await getExpense(groupId, expenseId);
  if (expense?.status !== 'PENDING' || expense.pendingEdit) return;
  await failExpense(expense, 'PROCESSING_ERROR');
}
