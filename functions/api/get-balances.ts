/**
 * GET /groups/{id}/balances: each member's net (they sum to zero) and a minimal settle-up
 * plan, with names, and for each payment whether its payee has named a receiving account.
 */
import { formatAmount } from '../../shared/domain/money';
import { settleUp } from '../../shared/domain/settle-up';
import { getVisibleGroup, membersOf, netsOf } from '../../shared/groups/groups';
import { getBalances as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  const members = await membersOf(group.id);
  const byId = new Map(members.map((m) => [m.userId, m]));
  const nameOf = (userId: string) => byId.get(userId)?.name ?? userId;
  const nets = netsOf(group, members);
  return json(200, {
    balances: nets.map((n) => ({ userId: n.userId, name: nameOf(n.userId), net: formatAmount(n.netMinor, group.currency) })),
    settlements: settleUp(nets).map((p) => ({
      from: p.from,
      fromName: nameOf(p.from),
      to: p.to,
      toName: nameOf(p.to),
      amount: formatAmount(p.amountMinor, group.currency),
      payeeCanReceive: Boolean(byId.get(p.to)?.receivingAccountId),
    })),
  });
});
