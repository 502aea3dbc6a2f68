/** GET /accounts: the caller's accounts, newest first. */
import { mainTableName } from '../../shared/dynamo/client';
import { lists } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type AccountItem, toAccountView } from '../../shared/ledger/accounts';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, query }) => {
  const partition = { name: 'gsi1pk', value: lists.accountsOf(caller.userId) };
  const page = await queryPage(
    {
      TableName: mainTableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': partition.value },
    },
    partition,
    query,
    (item) => toAccountView(item as unknown as AccountItem),
  );
  return json(200, page);
});
