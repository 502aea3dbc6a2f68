/** GET /groups/{id}/expenses: newest first, each with its shares. */
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixPage } from '../../shared/dynamo/pagination';
import { type ExpenseItem, toExpenseView } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { listExpenses as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  return json(
    200,
    await queryPrefixPage(keys.group(group.id).pk, keys.expensePrefix, query, { newestFirst: true }, (item) =>
      toExpenseView(item as unknown as ExpenseItem),
    ),
  );
});
