/**
 * GET /groups/{id}/expenses: newest first, each with its shares; filtered by tag, payer,
 * participant and a createdAt range. Filters apply within each page read (DynamoDB
 * FilterExpression after Limit), so a page may hold fewer items than `limit`; follow
 * `nextCursor` until it is null.
 */

import { mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { queryPage } from '../../shared/dynamo/pagination';
import { type ExpenseItem, toExpenseView } from '../../shared/groups/expenses';
import { getVisibleGroup } from '../../shared/groups/groups';
import { listExpenses as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

/** A date alone as `to` means through the end of that day. */
const endOf = (to: string) => (to.length === 10 ? `${to}T23:59:59.999Z` : to);

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  const pk = keys.group(group.id).pk;
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': pk, ':prefix': keys.expensePrefix };
  const filterOn = (condition: string, name: string, value: unknown) => {
    filters.push(condition);
    values[name] = value;
  };
  if (query.tag) filterOn('contains(tags, :tag)', ':tag', query.tag);
  if (query.payer) filterOn('(contains(payerIds, :payer) OR paidBy = :payer)', ':payer', query.payer);
  if (query.participant) filterOn('contains(participantIds, :participant)', ':participant', query.participant);
  if (query.from) filterOn('createdAt >= :from', ':from', query.from);
  if (query.to) filterOn('createdAt <= :to', ':to', endOf(query.to));
  const page = await queryPage(
    {
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      ConsistentRead: true,
    },
    { attributes: ['pk', 'sk'], partition: { name: 'pk', value: pk }, sortPrefix: { name: 'sk', value: keys.expensePrefix } },
    query,
    (item) => toExpenseView(item as unknown as ExpenseItem),
  );
  return json(200, page);
});
