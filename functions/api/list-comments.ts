/** GET /groups/{id}/expenses/{expenseId}/comments: members only, newest first. */
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixPage } from '../../shared/dynamo/pagination';
import { getExpense } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { listComments as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  return json(
    200,
    await queryPrefixPage(keys.group(group.id).pk, keys.commentPrefix(expense.id), query, { newestFirst: true }, (item) => ({
      id: item.id,
      expenseId: item.expenseId,
      authorId: item.authorId,
      text: item.text,
      createdAt: item.createdAt,
    })),
  );
});
