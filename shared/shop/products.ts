/** Products in DynamoDB and their API view. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { documentClient, mainTableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import type { ProductView } from './schemas';

export interface ProductItem {
  readonly sku: string;
  readonly name: string;
  readonly price: number | bigint;
  readonly currency: Currency;
  readonly stock: number;
  readonly merchantAccountId: string;
  readonly merchantId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const toProductView = (p: ProductItem): ProductView => ({
  sku: p.sku,
  name: p.name,
  price: formatAmount(toMinor(p.price), p.currency),
  currency: p.currency,
  stock: Number(p.stock),
  merchantAccountId: p.merchantAccountId,
  merchantId: p.merchantId,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export async function getProduct(sku: string, consistent = false): Promise<ProductItem | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.product(sku), ConsistentRead: consistent }),
  );
  return Item as ProductItem | undefined;
}
