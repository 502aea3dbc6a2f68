/** PATCH /products/{sku}: price, stock or name; the merchant who owns it only (others 404). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys } from '../../shared/dynamo/keys';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getProduct, type ProductItem, toProductView } from '../../shared/shop/products';
import { updateProduct as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ body, caller, params }) => {
  const product = await getProduct(params.sku, true);
  if (!product || product.merchantId !== caller.userId) throw notFound('product');
  const changes: Record<string, unknown> = { updatedAt: new Date().toISOString() };
  if (body.price !== undefined) changes.price = parseAmountOrThrow(body.price, product.currency, 'price');
  if (body.stock !== undefined) changes.stock = body.stock;
  if (body.name !== undefined) changes.name = body.name;
  const names = Object.keys(changes);
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.product(product.sku),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        // The owner check lives in the condition, not only in the read above.
        ConditionExpression: 'merchantId = :me',
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        ExpressionAttributeValues: { ':me': caller.userId, ...Object.fromEntries(names.map((n, i) => [`:f${i}`, changes[n]])) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return json(200, toProductView(Attributes as ProductItem));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw notFound('product');
    throw error;
  }
});
