/** GET /groups/{id}/expenses: newest first, each with its shares. */
import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryPage } from '../../shared/dynamo/pagination';
import { type ExpenseItem, toExpenseView } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id as string);
  const pk = keys.group(group.id).pk;
  return json(
    200,
    await queryPage(
      {
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': pk, ':e': keys.expensePrefix },
        ConsistentRead: true,
      },
      { name: 'pk', value: pk },
      query,
      (item) => toExpenseView(item as unknown as ExpenseItem),
    ),
  );
});
