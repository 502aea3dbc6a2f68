/**
 * POST /groups/{id}/recurring → 201: a recurring expense, made again every week, month or
 * year from `startsOn` (today or later, UTC) by the schedule. Checked now as an expense would
 * be (members, split, a rate for another currency), so a template that cannot work is a 400
 * today rather than a failure at its first date.
 */
import { acceptCommand, earlierAnswer } from '../../shared/commands/accept';
import { isCalendarDate } from '../../shared/domain/recurrence';
import { draftExpense } from '../../shared/groups/expenses';
import { getGroupForChange, membersOf } from '../../shared/groups/groups';
import { listRecurring, newRecurringRecord, templateExpense, toRecurringView } from '../../shared/groups/recurring';
import { createRecurring as contract } from '../../shared/groups/routes';
import { MAX_RECURRING_PER_GROUP } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';
import { conflict, validationError } from '../../shared/http/problem';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  // The checks below read what this command changes (the count of running templates) or the
  // date: a retry is answered as the first time, not judged again after midnight or the cap.
  const earlier = await earlierAnswer(caller.userId, idempotencyKey, requestIdentity);
  if (earlier) return earlier;
  const createdAt = new Date().toISOString();
  const today = createdAt.slice(0, 10);
  if (!isCalendarDate(body.startsOn) || body.startsOn < today) {
    throw validationError('A recurring expense starts today or later.', [{ path: 'startsOn', message: `a date from ${today} on` }]);
  }
  if (body.endsOn !== undefined && (!isCalendarDate(body.endsOn) || body.endsOn < body.startsOn)) {
    throw validationError('A recurring expense ends on or after its start.', [
      { path: 'endsOn', message: `a date from ${body.startsOn} on` },
    ]);
  }
  await draftExpense({
    id: 'check',
    groupId: group.id,
    groupCurrency: group.currency,
    memberIds: new Set((await membersOf(group.id)).map((m) => m.userId)),
    actorId: caller.userId,
    body: templateExpense(body),
    createdAt,
  });
  const running = (await listRecurring(group.id)).filter((r) => r.status === 'ACTIVE').length;
  if (running >= MAX_RECURRING_PER_GROUP) {
    throw conflict(`This group already runs ${MAX_RECURRING_PER_GROUP} recurring expenses; stop one first.`);
  }
  const record = newRecurringRecord(group.id, caller.userId, body, createdAt);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record,
    response: { status: 201, body: toRecurringView(record), headers: { location: `/groups/${group.id}/recurring/${record.id}` } },
  });
});
