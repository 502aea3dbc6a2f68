/** GET /groups/{id}/settlements/{settlementId}: members only. */
import { getVisibleGroup } from '../../shared/groups/groups';
import { getSettlement, toSettlementView } from '../../shared/groups/settlements';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({}, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id as string);
  const settlement = await getSettlement(params.settlementId as string);
  if (!settlement || settlement.groupId !== group.id) throw notFound('settlement');
  return json(200, toSettlementView(settlement));
});
