/** POST /products: a merchant lists a product against one of their own accounts; sku unique. */
import { acceptCommand } from '../../shared/commands/accept';
import { keys, lists } from '../../shared/dynamo/keys';
import { httpHandler } from '../../shared/http/handler';
import { conflict, validationError } from '../../shared/http/problem';
import { parseAmountOrThrow } from '../../shared/ledger/accept-transfer';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { toProductView } from '../../shared/shop/products';
import { createProduct as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ body, caller, idempotencyKey, requestIdentity }) => {
  const account = await getOwnAccount(caller, body.merchantAccountId);
  if (account.currency !== body.currency) {
    throw validationError('The product currency must be the merchant account currency.', [
      { path: 'currency', message: `the merchant account holds ${account.currency}` },
    ]);
  }
  const now = new Date().toISOString();
  const product = {
    sku: body.sku,
    name: body.name,
    price: parseAmountOrThrow(body.price, body.currency, 'price'),
    currency: body.currency,
    stock: body.stock,
    merchantAccountId: account.id,
    merchantId: caller.userId,
    createdAt: now,
    updatedAt: now,
  };
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record: { ...keys.product(body.sku), type: 'product', ...product, gsi1pk: lists.catalog, gsi1sk: lists.sortKey(now, body.sku) },
    response: { status: 201, body: toProductView(product), headers: { location: `/products/${encodeURIComponent(body.sku)}` } },
    onConflict: () => conflict(`A product with sku ${body.sku} already exists.`),
  });
});
