/** GET /groups/{id}/recurring: the group's recurring expenses (running, ended and stopped), oldest first, a page at a time. Members only. */
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixPage } from '../../shared/dynamo/pagination';
import { getVisibleGroup } from '../../shared/groups/groups';
import { type RecurringItem, toRecurringView } from '../../shared/groups/recurring';
import { listRecurring as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  const page = await queryPrefixPage(keys.group(group.id).pk, keys.recurringPrefix, query, { newestFirst: false }, (item) =>
    toRecurringView(item as unknown as RecurringItem),
  );
  return json(200, page);
});
