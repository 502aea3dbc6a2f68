/** GET /users/me/purchases: the caller's purchases, newest first (GSI, not a scan). */
import { mainTableName } from '../../shared/dynamo/client';
import { lists } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type PurchaseItem, toPurchaseView } from '../../shared/shop/purchases';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, query }) => {
  const partition = { name: 'gsi1pk', value: lists.purchasesOf(caller.userId) };
  return json(
    200,
    await queryPage(
      {
        TableName: mainTableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': partition.value },
      },
      partition,
      query,
      (item) => toPurchaseView(item as unknown as PurchaseItem),
    ),
  );
});
