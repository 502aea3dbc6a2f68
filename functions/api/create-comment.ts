/** POST /groups/{id}/expenses/{expenseId}/comments: members only. */
import { ulid } from 'ulid';
import { acceptCommand } from '../../shared/commands/accept';
import { keys } from '../../shared/dynamo/keys';
import { getExpense } from '../../shared/groups/expenses';
import { getGroupForChange } from '../../shared/groups/groups';
import { createComment as contract } from '../../shared/groups/routes';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';

export const handler = httpHandler(contract, async ({ body, caller, params, idempotencyKey, requestIdentity }) => {
  const group = await getGroupForChange(caller, params.id);
  const expense = await getExpense(group.id, params.expenseId);
  if (!expense) throw notFound('expense');
  const comment = { id: ulid(), expenseId: expense.id, authorId: caller.userId, text: body.text, createdAt: new Date().toISOString() };
  return acceptCommand({
    userId: caller.userId,
    idempotencyKey,
    request: requestIdentity,
    record: { ...keys.comment(group.id, expense.id, comment.id), type: 'comment', ...comment },
    response: { status: 201, body: comment },
  });
});
