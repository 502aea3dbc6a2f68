/** GET /users/me/purchases: the caller's purchases, newest first (GSI, not a scan). */
import { lists } from '../../shared/dynamo/keys';
import { queryListPage } from '../../shared/dynamo/pagination';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';
import { type PurchaseItem, toPurchaseView } from '../../shared/shop/purchases';
import { listMyPurchases as contract } from '../../shared/shop/routes';

export const handler = httpHandler(contract, async ({ caller, query }) =>
  json(200, await queryListPage(lists.purchasesOf(caller.userId), query, (item) => toPurchaseView(item as unknown as PurchaseItem))),
);
