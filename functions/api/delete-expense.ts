/**
 * DELETE /groups/{id}/expenses/{expenseId} → 202: a compensating event reverses exactly
 * the expense's effect on balances; history keeps both events. The expense ends DELETED.
 * The request is durable (in the sweeper's index) before it is sent.
 */

import { sendOrLeaveForSweeper } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { deletionMessage, getExpense, requestDeletion, toExpenseView } from '../../shared/groups/expenses';
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
    // Idempotent: the processor reverses a COMPLETED expense once; repeats find it DELETED.
    const at = new Date().toISOString();
    const message = deletionMessage(group.id, expense.id, at);
    if (await requestDeletion(expense, message, at)) await sendOrLeaveForSweeper(message, keys.expense(group.id, expense.id));
  }
  return json(202, toExpenseView(expense), { location: `/groups/${group.id}/expenses/${expense.id}` });
});
