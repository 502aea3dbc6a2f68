/**
 * POST /purchases: accepted as PENDING at the price the buyer saw (captured now);
 * total = unitPrice × quantity exactly. Paying, stock and currency are settled by the
 * processor in one transaction.
 */

import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { maxMinorUnits, toMinor } from '../../shared/domain/money';
import { httpHandler } from '../../shared/http/handler';
import { notFound, validationError } from '../../shared/http/problem';
import { getOwnAccount } from '../../shared/ledger/accounts';
import { getProduct } from '../../shared/shop/products';
import { newPurchaseRecord, toPurchaseView } from '../../shared/shop/purchases';
import { createPurchase as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ body, caller, idempotencyKey, requestIdentity }) => {
  const [account, product] = await Promise.all([getOwnAccount(caller, body.accountId), getProduct(body.sku, true)]);
  if (!product) throw notFound('product');
  if (product.merchantAccountId === account.id) {
    throw validationError('A merchant account cannot buy from itself.', [{ path: 'accountId', message: 'is the merchant account' }]);
  }
  const unitPrice = toMinor(product.price);
  const total = unitPrice * BigInt(body.quantity);
  if (total > maxMinorUnits(product.currency)) {
    throw validationError('The total is above the largest amount we move at once.', [{ path: 'quantity', message: 'total too large' }]);
  }
  const purchase = {
    id: ulid(),
    status: 'PENDING' as const,
    sku: product.sku,
    quantity: body.quantity,
    unitPrice,
    total,
    currency: product.currency,
    buyerId: caller.userId,
    accountId: account.id,
    merchantAccountId: product.merchantAccountId,
    merchantId: product.merchantId,
    createdAt: new Date().toISOString(),
  };
  const { record, message } = newPurchaseRecord(purchase);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record,
    message,
    response: { status: 202, body: toPurchaseView(purchase), headers: { location: `/purchases/${purchase.id}` } },
  });
});
