/** GET /groups: the caller's groups (summaries), newest membership first. */
import { batchGetConsistent, foundItem } from '../../shared/dynamo/batch-get';
import { keys, lists } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryListPage } from '../../shared/dynamo/pagination';
import type { GroupItem } from '../../shared/groups/groups';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, query }) => {
  const page = await queryListPage(lists.groupsOf(caller.userId), query, (item) => String(item.groupId));
  if (page.items.length === 0) return json(200, { items: [], nextCursor: page.nextCursor });
  // Every key is read (unprocessed ones again), so a throttled read never drops a group from the page.
  const found = await batchGetConsistent(page.items.map((id) => keys.group(id)));
  const items = page.items
    .map((id) => foundItem(found, keys.group(id)) as GroupItem | undefined)
    .filter((g): g is GroupItem => g !== undefined)
    .map((g) => ({ id: g.id, name: g.name, currency: g.currency, memberCount: Number(g.memberCount), createdAt: g.createdAt }));
  return json(200, { items, nextCursor: page.nextCursor });
});
