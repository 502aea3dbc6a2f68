/** GET /products: the catalog, newest first. */
import { lists } from '../../shared/dynamo/keys';
import { queryListPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { ListQuerySchema } from '../../shared/http/list-query';
import { json } from '../../shared/http/response';
import { type ProductItem, toProductView } from '../../shared/shop/products';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ query }) =>
  json(200, await queryListPage(lists.catalog, query, (item) => toProductView(item as unknown as ProductItem))),
);
