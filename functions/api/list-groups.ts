/** GET /groups: the caller's groups (summaries), newest membership first. */
import { keys, lists } from '../../shared/dynamo/keys';
import { queryListPage } from '../../shared/dynamo/pagination';
import type { GroupItem } from '../../shared/groups/groups';
import { listGroups as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

/** A membership entry (`GROUP#<id>`, `MEMBER#<user>`) lists the group item of its partition. */
const groupOfMembership = (entry: { pk: string }) => ({ pk: entry.pk, sk: keys.group('').sk });

export const handler = httpHandler(contract, async ({ caller, query }) =>
  json(
    200,
    await queryListPage(
      lists.groupsOf(caller.userId),
      query,
      (item) => {
        const g = item as unknown as GroupItem;
        return { id: g.id, name: g.name, currency: g.currency, memberCount: Number(g.memberCount), createdAt: g.createdAt };
      },
      groupOfMembership,
    ),
  ),
);
