/**
 * DELETE /groups/{id}/recurring/{recurringId} → 204: no occurrence after this one; those
 * already made stay (delete them as any expense). Any member may stop it; stopping one that
 * has ended or stopped already is 204 too.
 */
import { getGroupForChange } from '../../shared/groups/groups';
import { getRecurring, stopRecurring } from '../../shared/groups/recurring';
import { stopRecurring as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { noContent } from '../../shared/http/response';

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const group = await getGroupForChange(caller, params.id);
  const recurring = await getRecurring(group.id, params.recurringId);
  if (!recurring) throw notFound('recurring expense');
  await stopRecurring(group.id, recurring.id, new Date().toISOString());
  return noContent();
});
