/** GET /groups: the caller's groups (summaries), newest membership first. */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, mainTableName } from '../../shared/dynamo/client';
import { keys, lists } from '../../shared/dynamo/keys';
import { ListQuerySchema, queryListPage } from '../../shared/dynamo/pagination';
import type { GroupItem } from '../../shared/groups/groups';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler({ query: ListQuerySchema }, async ({ caller, query }) => {
  const page = await queryListPage(lists.groupsOf(caller.userId), query, (item) => String(item.groupId));
  if (page.items.length === 0) return json(200, { items: [], nextCursor: page.nextCursor });
  const result = await documentClient.send(
    new BatchGetCommand({ RequestItems: { [mainTableName()]: { Keys: page.items.map((id) => keys.group(id)) } } }),
  );
  const groups = new Map(((result.Responses?.[mainTableName()] ?? []) as GroupItem[]).map((g) => [g.id, g]));
  const items = page.items
    .map((id) => groups.get(id))
    .filter((g): g is GroupItem => g !== undefined)
    .map((g) => ({ id: g.id, name: g.name, currency: g.currency, memberCount: Number(g.memberCount), createdAt: g.createdAt }));
  return json(200, { items, nextCursor: page.nextCursor });
});
