/** GET /groups/{id}: members only (others 404). */
import { getVisibleGroup, membersOf, toGroupView } from '../../shared/groups/groups';
import { getGroup as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { json } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getVisibleGroup(caller, params.id);
  return json(200, toGroupView(group, await membersOf(group.id)));
});
