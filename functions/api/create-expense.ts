/** POST /groups/{id}/expenses: validated at the command (members, sums), applied by the group processor. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { draftExpense, newExpenseRecord, toExpenseView } from '../../shared/groups/expenses';
import { getGroupForChange, membersOf } from '../../shared/groups/groups';
import { createExpense as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  const expense = await draftExpense({
    id: ulid(),
    groupId: group.id,
    groupCurrency: group.currency,
    memberIds: new Set((await membersOf(group.id)).map((m) => m.userId)),
    actorId: caller.userId,
    body,
    createdAt: new Date().toISOString(),
  });
  const { record, message } = newExpenseRecord(expense);
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record,
    message,
    response: { status: 202, body: toExpenseView(expense), headers: { location: `/groups/${group.id}/expenses/${expense.id}` } },
  });
});
