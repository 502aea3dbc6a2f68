/**
 * DELETE /groups/{id}/expenses/{expenseId} → 202: a compensating event reverses exactly
 * the expense's effect on balances; history keeps both events. The expense ends DELETED.
 * The request is durable (in the sweeper's index) before it is sent.
 */

import { sendOrLeaveForSweeper } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { deletionMessage, getExpense, requestChange, toExpenseView, versionOf } from '../../shared/groups/expenses';
import { getGroupForChange } from '../../shared/groups/groups';
import { deleteExpense as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { conflict, notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getGroupForChange(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  if (expense.status === 'FAILED') throw conflict('A failed expense changed no balance and cannot be deleted.');
  if (expense.status === 'PENDING') throw conflict('The expense is still being applied; delete it once it has completed.');
  if (expense.status !== 'DELETED') {
    // Idempotent: the processor reverses a COMPLETED expense once per version; repeats find it DELETED.
    const at = new Date().toISOString();
    const message = deletionMessage(group.id, expense.id, versionOf(expense), caller.userId, at);
    if (await requestChange(expense, message, at, { fromStatus: 'COMPLETED' })) {
      await sendOrLeaveForSweeper(message, keys.expense(group.id, expense.id));
    } else if ((await getExpense(group.id, expense.id))?.pendingChangeId !== undefined) {
      throw conflict('Another change to this expense is being applied; try again once it is done.');
    }
  }
  return json(202, toExpenseView(expense), { location: `/groups/${group.id}/expenses/${expense.id}` });
});
