/** POST /groups/{id}/expenses: validated at the command (members, sums), applied by the group processor. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { draftExpense, newExpenseRecord, toExpenseView } from '../../shared/groups/expenses';
import { getGroupForChange, membersOf } from '../../shared/groups/groups';
import { CreateExpenseRequestSchema } from '../../shared/groups/schemas';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler({ body: CreateExpenseRequestSchema }, async ({ body, caller, params, idempotencyKey }) => {
  const group = await getGroupForChange(caller, params.id as string);
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
    request: { route: 'POST /groups/expenses', groupId: group.id, body },
    record,
    message,
    response: { statusCode: 202, body: toExpenseView(expense), headers: { location: `/groups/${group.id}/expenses/${expense.id}` } },
  });
});
