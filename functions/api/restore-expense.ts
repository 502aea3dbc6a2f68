/**
 * POST /groups/{id}/expenses/{expenseId}/restore → 202: re-applies a deleted expense
 * exactly (the same deltas it had), through the group's queue like every change of nets.
 * Idempotent by itself: a repeat finds the expense COMPLETED again.
 */
import { sendOrLeaveForSweeper } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { getExpense, requestChange, restoreMessage, toExpenseView, versionOf } from '../../shared/groups/expenses';
import { getGroupForChange } from '../../shared/groups/groups';
import { restoreExpense as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { conflict, notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getGroupForChange(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  if (expense.status === 'DELETED') {
    const at = new Date().toISOString();
    const message = restoreMessage(group.id, expense.id, versionOf(expense), caller.userId, at);
    if (await requestChange(expense, message, at, { fromStatus: 'DELETED' })) {
      await sendOrLeaveForSweeper(message, keys.expense(group.id, expense.id));
    } else if ((await getExpense(group.id, expense.id))?.pendingChangeId !== undefined) {
      throw conflict('Another change to this expense is being applied; try again once it is done.');
    }
  } else if (expense.status !== 'COMPLETED') {
    throw conflict('Only a deleted expense can be restored.');
  }
  return json(202, toExpenseView(expense), { location: `/groups/${group.id}/expenses/${expense.id}` });
});
