/** GET /groups/{id}/expenses/{expenseId}: members only. */
import { getExpense, toExpenseView } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({}, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id as string);
  const expense = await getExpense(group.id, params.expenseId as string);
  if (!expense) throw notFound('expense');
  return json(200, toExpenseView(expense));
});
