/** GET /purchases/{id}: the buyer, the merchant and admins may read it; others get 404. */
import { canSee } from '../../shared/http/caller';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';
import { getPurchase, toPurchaseView } from '../../shared/shop/purchases';
import { getPurchase as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const purchase = await getPurchase(params.id, true);
  if (!purchase || !canSee(caller, [purchase.buyerId, purchase.merchantId])) throw notFound('purchase');
  return json(200, toPurchaseView(purchase));
});
