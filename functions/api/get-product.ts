/** GET /products/{sku}: the product with its current stock. */

import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { getProduct, toProductView } from '../../shared/shop/products';
import { getProduct as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ params }) => {
  const product = await getProduct(params.sku, true);
  if (!product) throw notFound('product');
  return json(200, toProductView(product));
});
