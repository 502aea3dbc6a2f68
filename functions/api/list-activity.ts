/** GET /groups/{id}/activity: who changed what, newest first, one item per group event. */
import { keys } from '../../shared/dynamo/keys';
import { queryPrefixPage } from '../../shared/dynamo/pagination';
import { toActivityView } from '../../shared/groups/activity';
import { getVisibleGroup } from '../../shared/groups/groups';
import { listActivity as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params, query }) => {
  const group = await getVisibleGroup(caller, params.id);
  return json(200, await queryPrefixPage(keys.group(group.id).pk, keys.groupEventPrefix, query, { newestFirst: true }, toActivityView));
});
