/** GET /groups/{id}/settlements/{settlementId}: members only. */
import { getVisibleGroup } from '../../shared/groups/groups';
import { getSettlement as contract } from '../../shared/groups/routes';
import { getSettlement, toSettlementView } from '../../shared/groups/settlements';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  const settlement = await getSettlement(params.settlementId);
  if (!settlement || settlement.groupId !== group.id) throw notFound('settlement');
  return json(200, toSettlementView(settlement));
});
