/** GET /products: the catalog, newest first. */
import { mainTableName } from '../../shared/dynamo/client';
import { lists } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type ProductItem, toProductView } from '../../shared/shop/products';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ query }) => {
  const partition = { name: 'gsi1pk', value: lists.catalog };
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
      (item) => toProductView(item as unknown as ProductItem),
    ),
  );
});
