/** GET /groups/{id}/recurring: the group's recurring expenses (running, ended and stopped), oldest first. Members only. */
import { getVisibleGroup } from '../../shared/groups/groups';
import { listRecurring, toRecurringView } from '../../shared/groups/recurring';
import { listRecurring as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  return json(200, { items: (await listRecurring(group.id)).map(toRecurringView), nextCursor: null });
});
