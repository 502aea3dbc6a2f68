/** GET /products: the catalog, newest first. */
import { lists } from '../../shared/dynamo/keys';
import { queryListPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type ProductItem, toProductView } from '../../shared/shop/products';
import { listProducts as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ query }) =>
  json(200, await queryListPage(lists.catalog, query, (item) => toProductView(item as unknown as ProductItem))),
);
