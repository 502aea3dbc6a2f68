/** GET /groups/{id}/expenses/{expenseId}: members only. */
import { getExpense, toExpenseView } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { getExpense as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  return json(200, toExpenseView(expense));
});
