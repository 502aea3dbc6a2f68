/** GET /groups/{id}/events: the group's event stream in order; each event carries the deltas it made to the nets. */
import { formatAmount, toMinor } from '../../shared/domain/money';
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixPage } from '../../shared/dynamo/pagination';
import { getVisibleGroup } from '../../shared/groups/groups';
import { listGroupEvents as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  const money = (v: unknown) => formatAmount(toMinor(v), group.currency);
  return json(
    200,
    await queryPrefixPage(keys.group(group.id).pk, keys.groupEventPrefix, query, { newestFirst: false }, (item) => {
      const data = item.data as Record<string, unknown>;
      const deltas = Object.fromEntries(Object.entries((data.deltas ?? {}) as Record<string, unknown>).map(([u, d]) => [u, money(d)]));
      return {
        seq: item.seq,
        type: item.type,
        occurredAt: item.occurredAt,
        data: { ...data, ...(data.amount !== undefined ? { amount: money(data.amount) } : {}), deltas },
      };
    }),
  );
});
