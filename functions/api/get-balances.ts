/** GET /groups/{id}/balances: each member's net (they sum to zero) and a minimal settle-up plan. */
import { formatAmount } from '../../shared/domain/money';
import { settleUp } from '../../shared/domain/settle-up';
import { getVisibleGroup, membersOf, netsOf } from '../../shared/groups/groups';
import { getBalances as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  const nets = netsOf(group, await membersOf(group.id));
  return json(200, {
    balances: nets.map((n) => ({ userId: n.userId, net: formatAmount(n.netMinor, group.currency) })),
    settlements: settleUp(nets).map((p) => ({ from: p.from, to: p.to, amount: formatAmount(p.amountMinor, group.currency) })),
  });
});
